terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["123456789012"]

  default_tags {
    tags = {
      "infrac/environment" = "dev"
      Project              = "qualisys"
      Environment          = "dev"
    }
  }
}
