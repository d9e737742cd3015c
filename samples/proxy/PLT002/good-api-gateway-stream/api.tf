# The integration streams (API Gateway response streaming): events pass as they come, within 10 minutes.
resource "aws_api_gateway_integration" "chat" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.chat.id
  http_method             = "POST"
  type                    = "HTTP_PROXY"
  integration_http_method = "POST"
  uri                     = "http://chat.internal:8000/chat/stream"
  response_transfer_mode  = "STREAM"
  timeout_milliseconds    = 600000
}
