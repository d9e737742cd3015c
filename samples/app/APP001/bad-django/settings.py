SECRET_KEY = "change-me"
ROOT_URLCONF = "chat.urls"
INSTALLED_APPS = ["django.contrib.contenttypes", "chat"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
]
