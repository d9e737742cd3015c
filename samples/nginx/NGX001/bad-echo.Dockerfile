FROM nginx:1.27-alpine
# A config written by echo: linted in place, with Dockerfile line numbers. The fix is shown, not applied: the text
# lives inside a shell string.
# expect: NGX001
RUN echo 'server { listen 80; location /api/stream { proxy_pass http://app:8000; } }' > /etc/nginx/conf.d/default.conf
