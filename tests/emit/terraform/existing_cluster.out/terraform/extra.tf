resource "aws_sqs_queue" "events" {
  name = "dev-events"

  depends_on = [aws_iam_role.api]
}
