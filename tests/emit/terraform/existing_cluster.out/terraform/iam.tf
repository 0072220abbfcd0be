resource "aws_iam_role" "shared_node" {
  name               = "shared-dev-node"
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

resource "aws_iam_role_policy_attachment" "shared_node_worker" {
  role       = aws_iam_role.shared_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
}

resource "aws_iam_role_policy_attachment" "shared_node_cni" {
  role       = aws_iam_role.shared_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
}

resource "aws_iam_role_policy_attachment" "shared_node_ecr" {
  role       = aws_iam_role.shared_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
}

resource "aws_iam_role" "api" {
  name                 = "api"
  path                 = "/"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Irsa0",
          "Effect": "Allow",
          "Principal": {
            "Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/${local.shared_oidc_id}"
          },
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {
            "StringEquals": {
              "oidc.eks.eu-west-1.amazonaws.com/id/${local.shared_oidc_id}:aud": "sts.amazonaws.com",
              "oidc.eks.eu-west-1.amazonaws.com/id/${local.shared_oidc_id}:sub": "system:serviceaccount:apps:api"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "api" {
  name   = "api-inline"
  role   = aws_iam_role.api.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Read",
          "Effect": "Allow",
          "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::dev-data/*"
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "worker" {
  name                 = "worker"
  path                 = "/"
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
              "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-west-1:123456789012:cluster/shared-dev",
              "aws:RequestTag/kubernetes-namespace": "apps",
              "aws:RequestTag/kubernetes-service-account": "worker",
              "aws:SourceAccount": "123456789012"
            }
          }
        }
      ]
    }
  EOT
}
