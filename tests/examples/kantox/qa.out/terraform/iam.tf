resource "aws_iam_role" "aux" {
  name                 = "kantox-aux-role-qa"
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
            "AWS": "arn:aws:iam::222233334444:user/kantox-minikube-base-qa"
          },
          "Action": "sts:AssumeRole"
        }
      ]
    }
  EOT

  depends_on = [aws_iam_user.minikube_base]
}

resource "aws_iam_role_policy" "aux" {
  name   = "kantox-aux-role-qa-inline"
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
            "arn:aws:s3:::kantox-data-qa",
            "arn:aws:s3:::kantox-logs-qa",
            "arn:aws:s3:::kantox-backups-qa"
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
            "arn:aws:s3:::kantox-data-qa/*",
            "arn:aws:s3:::kantox-logs-qa/*",
            "arn:aws:s3:::kantox-backups-qa/*"
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
          "Resource": "arn:aws:ssm:eu-west-1:222233334444:parameter/kantox/qa/*"
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "github_actions" {
  name                 = "kantox-github-actions-qa"
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
            "Federated": "arn:aws:iam::222233334444:oidc-provider/token.actions.githubusercontent.com"
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
  name   = "kantox-github-actions-qa-inline"
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
            "arn:aws:ecr:eu-west-1:222233334444:repository/kantox-api",
            "arn:aws:ecr:eu-west-1:222233334444:repository/kantox-aux"
          ]
        }
      ]
    }
  EOT
}

resource "aws_iam_user" "minikube_base" {
  name = "kantox-minikube-base-qa"
  path = "/"
}

resource "aws_iam_user_policy" "minikube_base" {
  name   = "kantox-minikube-base-qa-inline"
  user   = aws_iam_user.minikube_base.name
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "AssumeAuxRole",
          "Effect": "Allow",
          "Action": "sts:AssumeRole",
          "Resource": "arn:aws:iam::222233334444:role/kantox-aux-role-qa"
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
