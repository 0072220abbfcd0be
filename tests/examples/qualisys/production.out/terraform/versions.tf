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
  allowed_account_ids = ["210987654321"]

  default_tags {
    tags = {
      "infrac/environment" = "production"
      Project              = "qualisys"
      Environment          = "production"
    }
  }
}
