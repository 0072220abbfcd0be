resource "aws_kms_key" "eks" {
  description             = "qualisys-eks Kubernetes secrets"
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
            "AWS": "arn:aws:iam::210987654321:root"
          },
          "Action": "kms:*",
          "Resource": "*"
        },
        {
          "Sid": "CloudWatchLogs",
          "Effect": "Allow",
          "Principal": {
            "Service": "logs.us-east-1.amazonaws.com"
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
              "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:210987654321:log-group:/aws/eks/qualisys-eks/cluster"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_kms_alias" "eks" {
  name          = "alias/qualisys-eks"
  target_key_id = aws_kms_key.eks.key_id
}

resource "aws_kms_key" "rds" {
  description             = "qualisys-db storage and secrets"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "rds" {
  name          = "alias/qualisys-rds"
  target_key_id = aws_kms_key.rds.key_id
}

resource "aws_db_subnet_group" "main" {
  name       = "qualisys-db"
  subnet_ids = [aws_subnet.main_database_a.id, aws_subnet.main_database_b.id]
}

resource "aws_security_group" "main_db" {
  name        = "qualisys-db-db"
  description = "database qualisys-db"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_security_group_ingress_rule" "main_db_client_0" {
  security_group_id            = aws_security_group.main_db.id
  referenced_security_group_id = aws_security_group.k8s_nodes.id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  description                  = "from qualisys-k8s-nodes-sg"
}

resource "aws_db_parameter_group" "main" {
  name   = "qualisys-postgres15"
  family = "postgres15"

  parameter {
    name         = "max_connections"
    value        = "200"
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "shared_buffers"
    value        = "{DBInstanceClassMemory/32768}"
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "work_mem"
    value        = "65536"
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "maintenance_work_mem"
    value        = "524288"
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "effective_cache_size"
    value        = "{DBInstanceClassMemory/16384}"
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "pg_stat_statements.track"
    value        = "all"
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "log_min_duration_statement"
    value        = "1000"
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "row_security"
    value        = "on"
    apply_method = "pending-reboot"
  }
}

resource "aws_db_instance" "main" {
  identifier                   = "qualisys-db"
  engine                       = "postgres"
  engine_version               = "15.4"
  instance_class               = "db.r5.large"
  allocated_storage            = 20
  max_allocated_storage        = 100
  storage_type                 = "gp3"
  storage_encrypted            = true
  kms_key_id                   = aws_kms_key.rds.arn
  multi_az                     = true
  db_subnet_group_name         = aws_db_subnet_group.main.name
  vpc_security_group_ids       = [aws_security_group.main_db.id]
  parameter_group_name         = aws_db_parameter_group.main.name
  db_name                      = "qualisys_master"
  username                     = "qualisys_admin"
  manage_master_user_password  = true
  backup_retention_period      = 7
  backup_window                = "03:00-04:00"
  maintenance_window           = "sun:04:00-sun:05:00"
  deletion_protection          = true
  skip_final_snapshot          = false
  final_snapshot_identifier    = "qualisys-db-final"
  copy_tags_to_snapshot        = true
  performance_insights_enabled = true
  database_insights_mode       = "standard"
  monitoring_interval          = 60
  monitoring_role_arn          = aws_iam_role.main_monitoring.arn
}

resource "aws_secretsmanager_secret" "connection" {
  name       = "qualisys/database/connection"
  kms_key_id = aws_kms_key.rds.arn
}
