data "aws_vpc" "infra" {
  tags = {
    Name = "infra-dev"
  }
}

data "aws_subnets" "private" {
  filter {
    name   = "tag:tier"
    values = ["private"]
  }
}

data "aws_kms_key" "general" {
  key_id = "alias/general"
}

data "aws_route53_zone" "public" {
  name = "dev.example.com"
}

data "aws_eks_cluster" "shared" {
  name = "shared-dev"
}

resource "aws_iam_policy" "audit" {
  name   = "audit-read"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "cloudtrail:LookupEvents",
          "Resource": "*"
        }
      ]
    }
  EOT
}

data "aws_subnets" "data" {
  filter {
    name   = "tag:tier"
    values = ["data"]
  }
}

data "aws_security_groups" "workers" {
  tags = {
    role = "worker"
  }
}

resource "aws_s3_bucket" "audit_logs" {
  bucket = "acme-audit-logs"
}
