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
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]

  default_tags {
    tags = {
      "infrac/environment" = "dev"
      Project              = "kantox"
      Environment          = "dev"
      ManagedBy            = "infrac"
    }
  }
}
