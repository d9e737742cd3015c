variable "region" {
  default = "europe-west1"
}

variable "request_timeout" {
  type    = string
  default = "60s"
}
