resource "aws_iam_role" "dpe_cluster" {
  name               = "dpe-k8-sandbox-cluster"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Service",
          "Effect": "Allow",
          "Principal": {
            "Service": "eks.amazonaws.com"
          },
          "Action": [
            "sts:AssumeRole",
            "sts:TagSession"
          ]
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "dpe_cluster_cluster" {
  role       = aws_iam_role.dpe_cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}

resource "aws_iam_role_policy_attachment" "dpe_cluster_vpc_resource_controller" {
  role       = aws_iam_role.dpe_cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSVPCResourceController"
}

resource "aws_iam_role" "dpe_node" {
  name               = "dpe-k8-sandbox-node"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Service",
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

resource "aws_iam_role_policy_attachment" "dpe_node_worker" {
  role       = aws_iam_role.dpe_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
}

resource "aws_iam_role_policy_attachment" "dpe_node_cni" {
  role       = aws_iam_role.dpe_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
}

resource "aws_iam_role_policy_attachment" "dpe_node_ecr" {
  role       = aws_iam_role.dpe_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
}

resource "aws_iam_role" "eks_admin" {
  name                 = "eks_admin_role"
  path                 = "/"
  description          = "Cluster administrators (kubectl through aws eks update-kubeconfig)"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Account0",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::123456789012:root"
          },
          "Action": "sts:AssumeRole",
          "Condition": {
            "Bool": {
              "aws:MultiFactorAuthPresent": "true"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "ebs_csi" {
  name                 = "dpe-k8-sandbox-ebs-csi"
  path                 = "/"
  description          = "EBS CSI driver"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PodIdentity0",
          "Effect": "Allow",
          "Principal": {
            "Service": "pods.eks.amazonaws.com"
          },
          "Action": [
            "sts:AssumeRole",
            "sts:TagSession"
          ],
          "Condition": {
            "StringEquals": {
              "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:us-east-1:123456789012:cluster/dpe-k8-sandbox",
              "aws:RequestTag/kubernetes-namespace": "kube-system",
              "aws:RequestTag/kubernetes-service-account": "ebs-csi-controller-sa",
              "aws:SourceAccount": "123456789012"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "ebs_csi_0" {
  role       = aws_iam_role.ebs_csi.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}

resource "aws_iam_role" "spacelift_admin" {
  name                 = "spacelift-admin-role"
  path                 = "/"
  description          = "Role for spacelift CICD to assume when deploying resources managed by terraform"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Account0",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::324880187172:root"
          },
          "Action": "sts:AssumeRole",
          "Condition": {
            "StringLike": {
              "sts:ExternalId": "sagebionetworks@*"
            }
          }
        },
        {
          "Sid": "Account1",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::123456789012:root"
          },
          "Action": "sts:AssumeRole"
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "spacelift_admin" {
  name   = "spacelift-admin-role-inline"
  role   = aws_iam_role.spacelift_admin.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "IamForStacks",
          "Effect": "Allow",
          "Action": [
            "iam:*Role",
            "iam:*RolePolicy",
            "iam:*RolePolicies",
            "iam:*Policy",
            "iam:*PolicyVersion",
            "iam:*OpenIDConnectProvider",
            "iam:*InstanceProfile",
            "iam:ListPolicyVersions",
            "iam:ListGroupsForUser",
            "iam:ListAttachedUserPolicies"
          ],
          "Resource": "*"
        },
        {
          "Sid": "SmtpUser",
          "Effect": "Allow",
          "Action": [
            "iam:CreateUser",
            "iam:AttachUserPolicy",
            "iam:ListPolicies",
            "iam:TagUser",
            "iam:GetUser",
            "iam:DeleteUser",
            "iam:CreateAccessKey",
            "iam:ListAccessKeys",
            "iam:DeleteAccessKey"
          ],
          "Resource": "arn:aws:iam::123456789012:user/smtp_user"
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "spacelift_admin_0" {
  role       = aws_iam_role.spacelift_admin.name
  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}

resource "aws_iam_user" "smtp_user" {
  name = "smtp_user"
  path = "/"
}

resource "aws_iam_user_policy" "smtp_user" {
  name   = "smtp_user-inline"
  user   = aws_iam_user.smtp_user.name
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "SendEmail",
          "Effect": "Allow",
          "Action": "ses:SendRawEmail",
          "Resource": "arn:aws:ses:us-east-1:*:identity/sagebionetworks.example.org"
        }
      ]
    }
  EOT
}

resource "aws_iam_access_key" "smtp_user" {
  user = aws_iam_user.smtp_user.name
}
