resource "aws_kms_key" "images" {
  description             = "container images"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "images" {
  name          = "alias/images"
  target_key_id = aws_kms_key.images.key_id
}

data "aws_secretsmanager_secret" "hub" {
  name = "ecr-pullthroughcache/docker-hub"
}
