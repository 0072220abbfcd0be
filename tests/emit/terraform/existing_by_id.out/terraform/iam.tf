resource "aws_iam_role" "infra_flow_logs" {
  name               = "infra-flow-logs"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Service",
          "Effect": "Allow",
          "Principal": {
            "Service": "vpc-flow-logs.amazonaws.com"
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

resource "aws_iam_role_policy" "infra_flow_logs" {
  name   = "flow-logs"
  role   = aws_iam_role.infra_flow_logs.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "DeliverFlowLogs",
          "Effect": "Allow",
          "Action": [
            "logs:CreateLogStream",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents"
          ],
          "Resource": [
            "arn:aws:logs:eu-west-1:123456789012:log-group:/infra/flow-logs",
            "arn:aws:logs:eu-west-1:123456789012:log-group:/infra/flow-logs:*"
          ]
        }
      ]
    }
  EOT
}

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

resource "aws_iam_role" "reporter" {
  name                 = "reporter"
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
              "aws:RequestTag/eks-cluster-arn": "${aws_eks_cluster.other.arn}",
              "aws:RequestTag/kubernetes-namespace": "reports",
              "aws:RequestTag/kubernetes-service-account": "reporter",
              "aws:SourceAccount": "123456789012"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "reporter_0" {
  role       = aws_iam_role.reporter.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
