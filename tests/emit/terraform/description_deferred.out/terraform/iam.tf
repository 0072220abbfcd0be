resource "aws_iam_role" "r" {
  name                 = "r"
  path                 = "/"
  description          = "reads with arn:aws:kms:us-west-2:123456789012:key/${aws_kms_key.a.key_id}"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Service0",
          "Effect": "Allow",
          "Principal": {
            "Service": "ec2.amazonaws.com"
          },
          "Action": "sts:AssumeRole",
          "Condition": {
            "StringEquals": {
              "aws:SourceAccount": "123456789012"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_policy" "p" {
  name        = "p"
  path        = "/"
  description = "for ${aws_kms_key.b.key_id}"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Read",
          "Effect": "Allow",
          "Action": "kms:Decrypt",
          "Resource": "arn:aws:kms:us-west-2:123456789012:key/${aws_kms_key.b.key_id}"
        }
      ]
    }
  EOT
}
