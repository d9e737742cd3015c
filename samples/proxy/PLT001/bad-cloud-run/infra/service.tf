# The API on Cloud Run: a one-minute request timeout sized for JSON calls also ends every streamed answer.
resource "google_cloud_run_v2_service" "api" {
  name     = "chat-api"
  location = var.region

  template {
    # expect: PLT001
    timeout = var.request_timeout
    containers {
      image = "europe-docker.pkg.dev/acme/chat/api:latest"
    }
  }
}
