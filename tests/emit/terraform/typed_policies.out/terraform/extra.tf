resource "aws_s3_bucket" "assets" {
  bucket = "prod-assets"
}

resource "aws_s3_bucket_policy" "assets" {
  bucket = aws_s3_bucket.assets.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "CloudFront",
          "Effect": "Allow",
          "Principal": {
            "Service": "cloudfront.amazonaws.com"
          },
          "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::${aws_s3_bucket.assets.id}/*",
          "Condition": {
            "StringEquals": {
              "aws:SourceAccount": "123456789012"
            }
          }
        },
        {
          "Effect": "Deny",
          "Principal": "*",
          "Action": "s3:*",
          "Resource": [
            "arn:aws:s3:::${aws_s3_bucket.assets.id}",
            "arn:aws:s3:::${aws_s3_bucket.assets.id}/*"
          ],
          "Condition": {
            "Bool": {
              "aws:SecureTransport": "false"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_kms_key" "app" {
  description = "app secrets"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Id": "key-app",
      "Statement": [
        {
          "Sid": "OwnAccount",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::123456789012:root"
          },
          "Action": "kms:*",
          "Resource": "*"
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "app" {
  name               = "app"
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

resource "aws_iam_role_policy" "app" {
  role   = aws_iam_role.app.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ReadConfig",
          "Effect": "Allow",
          "Action": [
            "ssm:GetParameter",
            "ssm:GetParameters"
          ],
          "Resource": "arn:aws:ssm:eu-west-1:123456789012:parameter/app/*"
        },
        {
          "Sid": "Decrypt",
          "Effect": "Allow",
          "Action": "kms:Decrypt",
          "Resource": "*",
          "Condition": {
            "StringEquals": {
              "kms:ViaService": "ssm.eu-west-1.amazonaws.com"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_policy" "home" {
  name   = "home"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "s3:PutObject",
          "Resource": "arn:aws:s3:::${aws_s3_bucket.assets.id}/home/$${aws:username}/*"
        }
      ]
    }
  EOT
}
