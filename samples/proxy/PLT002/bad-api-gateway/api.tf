# A REST API in front of the chat service: the integration buffers the response (the default transfer mode).
# expect: PLT002
resource "aws_api_gateway_integration" "chat" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.chat.id
  http_method             = "POST"
  type                    = "HTTP_PROXY"
  integration_http_method = "POST"
  uri                     = "http://chat.internal:8000/chat/stream"
}
