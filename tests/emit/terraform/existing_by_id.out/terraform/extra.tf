resource "aws_security_group" "mgmt" {
  name   = "mgmt"
  vpc_id = var.vpc_id
}

resource "aws_iam_role" "exporter" {
  name               = "exporter"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": {
            "Service": "ec2.amazonaws.com"
          },
          "Action": "sts:AssumeRole"
        }
      ]
    }
  EOT
}

resource "aws_eks_cluster" "other" {
  name     = "other"
  role_arn = "arn:aws:iam::123456789012:role/other-cluster"

  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  }
}
