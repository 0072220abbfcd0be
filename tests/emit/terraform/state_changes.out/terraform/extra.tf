resource "aws_acm_certificate" "cdn" {
  provider          = aws.us_east_1
  domain_name       = "cdn.example.com"
  validation_method = "DNS"
}

resource "aws_sqs_queue" "orders" {
  name = "prod-orders"
}
