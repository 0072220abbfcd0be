resource "aws_iam_role" "aux" {
  name                 = "kantox-aux-role-dev"
  path                 = "/"
  description          = "AUX service: S3 and SSM access"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Users0",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::111122223333:user/kantox-minikube-base-dev"
          },
          "Action": "sts:AssumeRole"
        }
      ]
    }
  EOT

  depends_on = [aws_iam_user.minikube_base]
}

resource "aws_iam_role_policy" "aux" {
  name   = "kantox-aux-role-dev-inline"
  role   = aws_iam_role.aux.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ListBuckets",
          "Effect": "Allow",
          "Action": [
            "s3:ListBucket",
            "s3:GetBucketLocation"
          ],
          "Resource": [
            "arn:aws:s3:::kantox-data-dev",
            "arn:aws:s3:::kantox-logs-dev",
            "arn:aws:s3:::kantox-backups-dev"
          ]
        },
        {
          "Sid": "Objects",
          "Effect": "Allow",
          "Action": [
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject"
          ],
          "Resource": [
            "arn:aws:s3:::kantox-data-dev/*",
            "arn:aws:s3:::kantox-logs-dev/*",
            "arn:aws:s3:::kantox-backups-dev/*"
          ]
        },
        {
          "Sid": "Parameters",
          "Effect": "Allow",
          "Action": [
            "ssm:GetParameter",
            "ssm:GetParameters",
            "ssm:GetParametersByPath"
          ],
          "Resource": "arn:aws:ssm:eu-west-1:111122223333:parameter/kantox/dev/*"
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "github_actions" {
  name                 = "kantox-github-actions-dev"
  path                 = "/"
  description          = "GitHub Actions: push images to ECR"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "GitHub0",
          "Effect": "Allow",
          "Principal": {
            "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
          },
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {
            "StringEquals": {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": "repo:kantox/kantox-app:ref:refs/heads/main"
            }
          }
        }
      ]
    }
  EOT

  depends_on = [aws_iam_openid_connect_provider.github]
}

resource "aws_iam_role_policy" "github_actions" {
  name   = "kantox-github-actions-dev-inline"
  role   = aws_iam_role.github_actions.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "EcrLogin",
          "Effect": "Allow",
          "Action": "ecr:GetAuthorizationToken",
          "Resource": "*"
        },
        {
          "Sid": "EcrPush",
          "Effect": "Allow",
          "Action": [
            "ecr:BatchCheckLayerAvailability",
            "ecr:InitiateLayerUpload",
            "ecr:UploadLayerPart",
            "ecr:CompleteLayerUpload",
            "ecr:PutImage",
            "ecr:BatchGetImage"
          ],
          "Resource": [
            "arn:aws:ecr:eu-west-1:111122223333:repository/kantox-api",
            "arn:aws:ecr:eu-west-1:111122223333:repository/kantox-aux"
          ]
        }
      ]
    }
  EOT
}

resource "aws_iam_user" "minikube_base" {
  name = "kantox-minikube-base-dev"
  path = "/"
}

resource "aws_iam_user_policy" "minikube_base" {
  name   = "kantox-minikube-base-dev-inline"
  user   = aws_iam_user.minikube_base.name
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "AssumeAuxRole",
          "Effect": "Allow",
          "Action": "sts:AssumeRole",
          "Resource": "arn:aws:iam::111122223333:role/kantox-aux-role-dev"
        }
      ]
    }
  EOT
}

resource "aws_iam_access_key" "minikube_base" {
  user = aws_iam_user.minikube_base.name
}

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}
