resource "aws_db_subnet_group" "postgres" {
  name       = "tracecat-light-postgres"
  subnet_ids = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id]
}

resource "aws_security_group" "postgres_db" {
  name        = "tracecat-light-postgres-db"
  description = "database tracecat-light-postgres"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "postgres_db_client_0" {
  security_group_id            = aws_security_group.postgres_db.id
  referenced_security_group_id = aws_security_group.postgres_client.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "from tracecat-light-postgres-client"
}

resource "aws_db_instance" "postgres" {
  identifier                   = "tracecat-light-postgres"
  engine                       = "postgres"
  engine_version               = "16.9"
  instance_class               = "db.m7g.large"
  allocated_storage            = 100
  storage_type                 = "gp3"
  storage_encrypted            = true
  multi_az                     = true
  db_subnet_group_name         = aws_db_subnet_group.postgres.name
  vpc_security_group_ids       = [aws_security_group.postgres_db.id]
  db_name                      = "tracecat"
  username                     = "tracecat"
  manage_master_user_password  = true
  backup_retention_period      = 7
  deletion_protection          = true
  skip_final_snapshot          = false
  final_snapshot_identifier    = "tracecat-light-postgres-final"
  copy_tags_to_snapshot        = true
  performance_insights_enabled = true
  database_insights_mode       = "standard"
}

resource "aws_elasticache_subnet_group" "redis" {
  name       = "tracecat-light-redis"
  subnet_ids = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id]
}

resource "aws_security_group" "redis_cache" {
  name        = "tracecat-light-redis-cache"
  description = "cache tracecat-light-redis"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "redis_cache_client_0" {
  security_group_id            = aws_security_group.redis_cache.id
  referenced_security_group_id = aws_security_group.redis_client.id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  description                  = "from tracecat-light-redis-client"
}

resource "aws_elasticache_replication_group" "redis" {
  replication_group_id       = "tracecat-light-redis"
  description                = "redis tracecat-light-redis"
  engine                     = "redis"
  node_type                  = "cache.m7g.large"
  num_cache_clusters         = 3
  automatic_failover_enabled = true
  multi_az_enabled           = true
  subnet_group_name          = aws_elasticache_subnet_group.redis.name
  security_group_ids         = [aws_security_group.redis_cache.id]
  at_rest_encryption_enabled = "true"
  transit_encryption_enabled = true
}

resource "aws_secretsmanager_secret" "redis_url" {
  name = "tracecat-light/redis-url"
}

resource "aws_secretsmanager_secret_version" "redis_url" {
  secret_id     = aws_secretsmanager_secret.redis_url.id
  secret_string = "rediss://${aws_elasticache_replication_group.redis.primary_endpoint_address}:6379"
}

resource "aws_s3_bucket" "attachments" {
  bucket        = "tracecat-light-attachments-123456789012"
  force_destroy = false
}

resource "aws_s3_bucket_public_access_block" "attachments" {
  bucket                  = aws_s3_bucket.attachments.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "attachments" {
  bucket = aws_s3_bucket.attachments.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "attachments" {
  bucket = aws_s3_bucket.attachments.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "attachments" {
  bucket = aws_s3_bucket.attachments.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_policy" "attachments" {
  bucket = aws_s3_bucket.attachments.id
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
            "arn:aws:s3:::tracecat-light-attachments-123456789012",
            "arn:aws:s3:::tracecat-light-attachments-123456789012/*"
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
            "arn:aws:s3:::tracecat-light-attachments-123456789012",
            "arn:aws:s3:::tracecat-light-attachments-123456789012/*"
          ],
          "Condition": {
            "ArnNotEquals": {
              "aws:PrincipalArn": "arn:aws:iam::123456789012:role/tracecat-light-tracecat-role"
            }
          }
        }
      ]
    }
  EOT

  depends_on = [aws_s3_bucket_public_access_block.attachments]
}

resource "aws_s3_bucket" "registry" {
  bucket        = "tracecat-light-registry-123456789012"
  force_destroy = false
}

resource "aws_s3_bucket_public_access_block" "registry" {
  bucket                  = aws_s3_bucket.registry.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "registry" {
  bucket = aws_s3_bucket.registry.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_versioning" "registry" {
  bucket = aws_s3_bucket.registry.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "registry" {
  bucket = aws_s3_bucket.registry.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_policy" "registry" {
  bucket = aws_s3_bucket.registry.id
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
            "arn:aws:s3:::tracecat-light-registry-123456789012",
            "arn:aws:s3:::tracecat-light-registry-123456789012/*"
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
            "arn:aws:s3:::tracecat-light-registry-123456789012",
            "arn:aws:s3:::tracecat-light-registry-123456789012/*"
          ],
          "Condition": {
            "ArnNotEquals": {
              "aws:PrincipalArn": "arn:aws:iam::123456789012:role/tracecat-light-tracecat-role"
            }
          }
        }
      ]
    }
  EOT

  depends_on = [aws_s3_bucket_public_access_block.registry]
}

resource "aws_ssm_parameter" "postgres_host" {
  name        = "/tracecat-light/postgres/host"
  type        = "String"
  description = "address of the Tracecat PostgreSQL instance"
  value       = aws_db_instance.postgres.address
}
