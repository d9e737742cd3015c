# The ALB in front of the chat service keeps the default idle timeout (60 s): a minute of model silence ends the stream.
# expect: PRX004
resource "aws_lb" "public" {
  name               = "chat"
  load_balancer_type = "application"
  subnets            = var.public_subnets
}
