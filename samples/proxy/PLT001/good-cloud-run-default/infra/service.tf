# Cloud Run's default request timeout (300 s) is left as it is: sized for long answers, not reported by default.
resource "google_cloud_run_v2_service" "api" {
  name     = "chat-api"
  location = "europe-west1"

  template {
    containers {
      image = "europe-docker.pkg.dev/acme/chat/api:latest"
    }
  }
}
