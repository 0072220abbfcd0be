terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region              = "us-west-2"
  allowed_account_ids = ["123456789012"]

  default_tags {
    tags = {
      "infrac/environment" = "light"
      Project              = "tracecat"
    }
  }
}
