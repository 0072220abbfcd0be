terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region              = "eu-central-1"
  allowed_account_ids = ["410987654321"]

  default_tags {
    tags = {
      "infrac/environment" = "prod"
      Project              = "unique"
      Layer                = "05-compute"
      Environment          = "prod"
    }
  }
}
