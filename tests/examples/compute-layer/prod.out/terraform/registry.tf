resource "aws_ecr_repository" "assistants-core" {
  name                 = "uq-prod/assistants-core"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.general.arn
  }
}

resource "aws_ecr_lifecycle_policy" "assistants-core" {
  repository = aws_ecr_repository.assistants-core.name
  policy     = <<-EOT
    {
      "rules": [
        {
          "rulePriority": 1,
          "description": "expire untagged images",
          "selection": {
            "tagStatus": "untagged",
            "countType": "sinceImagePushed",
            "countUnit": "days",
            "countNumber": 14
          },
          "action": {
            "type": "expire"
          }
        },
        {
          "rulePriority": 2,
          "description": "keep the last 100 images",
          "selection": {
            "tagStatus": "any",
            "countType": "imageCountMoreThan",
            "countNumber": 100
          },
          "action": {
            "type": "expire"
          }
        }
      ]
    }
  EOT
}

resource "aws_ecr_repository" "litellm" {
  name                 = "uq-prod/litellm"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.general.arn
  }
}

resource "aws_ecr_lifecycle_policy" "litellm" {
  repository = aws_ecr_repository.litellm.name
  policy     = <<-EOT
    {
      "rules": [
        {
          "rulePriority": 1,
          "description": "expire untagged images",
          "selection": {
            "tagStatus": "untagged",
            "countType": "sinceImagePushed",
            "countUnit": "days",
            "countNumber": 14
          },
          "action": {
            "type": "expire"
          }
        },
        {
          "rulePriority": 2,
          "description": "keep the last 100 images",
          "selection": {
            "tagStatus": "any",
            "countType": "imageCountMoreThan",
            "countNumber": 100
          },
          "action": {
            "type": "expire"
          }
        }
      ]
    }
  EOT
}

resource "aws_ecr_repository" "ingestion" {
  name                 = "uq-prod/ingestion"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.general.arn
  }
}

resource "aws_ecr_lifecycle_policy" "ingestion" {
  repository = aws_ecr_repository.ingestion.name
  policy     = <<-EOT
    {
      "rules": [
        {
          "rulePriority": 1,
          "description": "expire untagged images",
          "selection": {
            "tagStatus": "untagged",
            "countType": "sinceImagePushed",
            "countUnit": "days",
            "countNumber": 14
          },
          "action": {
            "type": "expire"
          }
        },
        {
          "rulePriority": 2,
          "description": "keep the last 100 images",
          "selection": {
            "tagStatus": "any",
            "countType": "imageCountMoreThan",
            "countNumber": 100
          },
          "action": {
            "type": "expire"
          }
        }
      ]
    }
  EOT
}

resource "aws_ecr_repository" "ingestion-worker" {
  name                 = "uq-prod/ingestion-worker"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.general.arn
  }
}

resource "aws_ecr_lifecycle_policy" "ingestion-worker" {
  repository = aws_ecr_repository.ingestion-worker.name
  policy     = <<-EOT
    {
      "rules": [
        {
          "rulePriority": 1,
          "description": "expire untagged images",
          "selection": {
            "tagStatus": "untagged",
            "countType": "sinceImagePushed",
            "countUnit": "days",
            "countNumber": 14
          },
          "action": {
            "type": "expire"
          }
        },
        {
          "rulePriority": 2,
          "description": "keep the last 100 images",
          "selection": {
            "tagStatus": "any",
            "countType": "imageCountMoreThan",
            "countNumber": 100
          },
          "action": {
            "type": "expire"
          }
        }
      ]
    }
  EOT
}

resource "aws_ecr_repository" "speech" {
  name                 = "uq-prod/speech"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.general.arn
  }
}

resource "aws_ecr_lifecycle_policy" "speech" {
  repository = aws_ecr_repository.speech.name
  policy     = <<-EOT
    {
      "rules": [
        {
          "rulePriority": 1,
          "description": "expire untagged images",
          "selection": {
            "tagStatus": "untagged",
            "countType": "sinceImagePushed",
            "countUnit": "days",
            "countNumber": 14
          },
          "action": {
            "type": "expire"
          }
        },
        {
          "rulePriority": 2,
          "description": "keep the last 100 images",
          "selection": {
            "tagStatus": "any",
            "countType": "imageCountMoreThan",
            "countNumber": 100
          },
          "action": {
            "type": "expire"
          }
        }
      ]
    }
  EOT
}

resource "aws_ecr_registry_scanning_configuration" "main" {
  scan_type = "ENHANCED"

  rule {
    scan_frequency = "CONTINUOUS_SCAN"

    repository_filter {
      filter      = "*"
      filter_type = "WILDCARD"
    }
  }
}

resource "aws_ecr_pull_through_cache_rule" "main_docker-hub" {
  ecr_repository_prefix = "docker-hub"
  upstream_registry_url = "registry-1.docker.io"
  credential_arn        = data.aws_secretsmanager_secret.docker-hub.arn
}

resource "aws_ecr_pull_through_cache_rule" "main_ecr-public" {
  ecr_repository_prefix = "ecr-public"
  upstream_registry_url = "public.ecr.aws"
}

resource "aws_ecr_pull_through_cache_rule" "main_quay" {
  ecr_repository_prefix = "quay"
  upstream_registry_url = "quay.io"
}

resource "aws_ecr_pull_through_cache_rule" "main_ghcr" {
  ecr_repository_prefix = "ghcr"
  upstream_registry_url = "ghcr.io"
  credential_arn        = data.aws_secretsmanager_secret.ghcr.arn
}

resource "aws_ecr_pull_through_cache_rule" "main_example_azurecr_io" {
  ecr_repository_prefix = "example.azurecr.io"
  upstream_registry_url = "example.azurecr.io"
  credential_arn        = aws_secretsmanager_secret.acr.arn
}

resource "aws_ecr_pull_through_cache_rule" "main_example" {
  ecr_repository_prefix = "example"
  upstream_registry_url = "example.azurecr.io"
  credential_arn        = aws_secretsmanager_secret.acr.arn
}
