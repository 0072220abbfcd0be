resource "aws_iam_role" "eks_cluster" {
  name               = "eks-cluster"
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

resource "aws_iam_role_policy_attachment" "eks_cluster_cluster" {
  role       = aws_iam_role.eks_cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}

resource "aws_iam_role" "eks_node" {
  name               = "eks-node"
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

resource "aws_iam_role_policy_attachment" "eks_node_worker" {
  role       = aws_iam_role.eks_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
}

resource "aws_iam_role_policy_attachment" "eks_node_cni" {
  role       = aws_iam_role.eks_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
}

resource "aws_iam_role_policy_attachment" "eks_node_ecr" {
  role       = aws_iam_role.eks_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
}

resource "aws_iam_role_policy_attachment" "eks_node_0" {
  role       = aws_iam_role.eks_node.name
  policy_arn = aws_iam_policy.audit.arn
}

resource "aws_iam_role_policy_attachment" "eks_node_1" {
  role       = aws_iam_role.eks_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_role" "reporter" {
  name                 = "reporter"
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
            "Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/${local.data_aws_eks_cluster_shared_oidc_id}"
          },
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {
            "StringEquals": {
              "oidc.eks.eu-west-1.amazonaws.com/id/${local.data_aws_eks_cluster_shared_oidc_id}:aud": "sts.amazonaws.com",
              "oidc.eks.eu-west-1.amazonaws.com/id/${local.data_aws_eks_cluster_shared_oidc_id}:sub": "system:serviceaccount:reports:reporter"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "reporter_0" {
  role       = aws_iam_role.reporter.name
  policy_arn = aws_iam_policy.audit.arn
}

locals {
  data_aws_eks_cluster_shared_oidc_id = element(split("/", data.aws_eks_cluster.shared.identity[0].oidc[0].issuer), 4)
}

resource "aws_iam_role" "shipper" {
  name                 = "shipper"
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
              "aws:RequestTag/kubernetes-namespace": "logs",
              "aws:RequestTag/kubernetes-service-account": "shipper",
              "aws:SourceAccount": "123456789012"
            }
          }
        }
      ]
    }
  EOT
}
