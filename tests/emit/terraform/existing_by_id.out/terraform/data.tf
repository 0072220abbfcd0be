resource "aws_elasticache_subnet_group" "sessions" {
  name       = "sessions"
  subnet_ids = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
}

resource "aws_security_group" "sessions_cache" {
  name        = "sessions-cache"
  description = "cache sessions"
  vpc_id      = "vpc-0123456789abcdef0"
}

resource "aws_vpc_security_group_ingress_rule" "sessions_cache_client_0" {
  security_group_id            = aws_security_group.sessions_cache.id
  referenced_security_group_id = aws_security_group.mgmt.id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  description                  = "from mgmt"
}

resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "sessions"
  description                = "valkey sessions"
  engine                     = "valkey"
  node_type                  = "cache.t4g.small"
  num_cache_clusters         = 1
  automatic_failover_enabled = false
  multi_az_enabled           = false
  subnet_group_name          = aws_elasticache_subnet_group.sessions.name
  security_group_ids         = [aws_security_group.sessions_cache.id]
  at_rest_encryption_enabled = "true"
  transit_encryption_enabled = true
}

resource "aws_s3_bucket" "exports" {
  bucket        = "exports"
  force_destroy = false
}

resource "aws_s3_bucket_public_access_block" "exports" {
  bucket                  = aws_s3_bucket.exports.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "exports" {
  bucket = aws_s3_bucket.exports.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "exports" {
  bucket = aws_s3_bucket.exports.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports" {
  bucket = aws_s3_bucket.exports.id

  rule {
    bucket_key_enabled = true

    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:eu-west-1:123456789012:key/0b6f3c1e-1111-2222-3333-444455556666"
    }
  }
}

resource "aws_s3_bucket_policy" "exports" {
  bucket = aws_s3_bucket.exports.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "TlsOnly",
          "Effect": "Deny",
          "Principal": "*",
          "Action": "s3:*",
          "Resource": [
            "arn:aws:s3:::exports",
            "arn:aws:s3:::exports/*"
          ],
          "Condition": {
            "Bool": {
              "aws:SecureTransport": "false"
            }
          }
        },
        {
          "Sid": "OnlyRoles",
          "Effect": "Deny",
          "Principal": "*",
          "Action": [
            "s3:DeleteObject",
            "s3:GetObject",
            "s3:ListBucket",
            "s3:PutObject"
          ],
          "Resource": [
            "arn:aws:s3:::exports",
            "arn:aws:s3:::exports/*"
          ],
          "Condition": {
            "ArnNotEquals": {
              "aws:PrincipalArn": "${aws_iam_role.exporter.arn}"
            }
          }
        }
      ]
    }
  EOT

  depends_on = [aws_s3_bucket_public_access_block.exports]
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/infra/audit"
  retention_in_days = 30
  kms_key_id        = var.key_arn
}
