# Idle timeout raised for streams (the app sends no heartbeat, answers pause for at most a few minutes).
resource "aws_lb" "public" {
  name               = "chat"
  load_balancer_type = "application"
  subnets            = var.public_subnets
  idle_timeout       = 300
}
