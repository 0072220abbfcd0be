resource "aws_kms_key" "general" {
  description             = "general purpose key of uq-test"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "AccountAdministers",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::310987654321:root"
          },
          "Action": "kms:*",
          "Resource": "*"
        },
        {
          "Sid": "CloudWatchLogs",
          "Effect": "Allow",
          "Principal": {
            "Service": "logs.eu-central-1.amazonaws.com"
          },
          "Action": [
            "kms:Encrypt*",
            "kms:Decrypt*",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:Describe*"
          ],
          "Resource": "*",
          "Condition": {
            "ArnEquals": {
              "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-central-1:310987654321:log-group:/aws/eks/eks-uq-test/cluster"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_kms_alias" "general" {
  name          = "alias/uq-test-general"
  target_key_id = aws_kms_key.general.key_id
}

data "aws_secretsmanager_secret" "docker-hub" {
  name = "ecr-pullthroughcache/docker-hub"
}

data "aws_secretsmanager_secret" "ghcr" {
  name = "ecr-pullthroughcache/ghcr"
}

resource "aws_secretsmanager_secret" "acr" {
  name = "ecr-pullthroughcache/uq-test-acr"
}
