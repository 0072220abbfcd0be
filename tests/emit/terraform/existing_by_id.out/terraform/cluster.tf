resource "aws_eks_cluster" "eks" {
  name     = "eks"
  role_arn = aws_iam_role.eks_cluster.arn
  version  = "1.31"

  vpc_config {
    subnet_ids              = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
    security_group_ids      = [aws_security_group.mgmt.id]
    endpoint_private_access = true
    endpoint_public_access  = true
    public_access_cidrs     = ["0.0.0.0/0"]
  }

  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }

  encryption_config {
    resources = ["secrets"]

    provider {
      key_arn = var.key_arn
    }
  }

  depends_on = [aws_iam_role_policy_attachment.eks_cluster_cluster]
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = aws_eks_cluster.eks.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

locals {
  eks_oidc_id = element(split("/", aws_eks_cluster.eks.identity[0].oidc[0].issuer), 4)
}

resource "aws_eks_node_group" "eks_general" {
  cluster_name    = aws_eks_cluster.eks.name
  node_group_name = "eks-general"
  node_role_arn   = aws_iam_role.eks_node.arn
  subnet_ids      = [aws_subnet.infra_pods_a.id, aws_subnet.infra_pods_b.id]
  instance_types  = ["m6i.large"]
  ami_type        = "AL2023_x86_64_STANDARD"
  capacity_type   = "ON_DEMAND"
  disk_size       = 20

  scaling_config {
    min_size     = 2
    desired_size = 2
    max_size     = 3
  }

  update_config {
    max_unavailable = 1
  }

  depends_on = [aws_iam_role_policy_attachment.eks_node_worker, aws_iam_role_policy_attachment.eks_node_cni, aws_iam_role_policy_attachment.eks_node_ecr]
}

resource "aws_eks_addon" "eks_vpc-cni" {
  cluster_name                = aws_eks_cluster.eks.name
  addon_name                  = "vpc-cni"
  resolve_conflicts_on_update = "OVERWRITE"

  pod_identity_association {
    role_arn        = aws_iam_role.exporter.arn
    service_account = "aws-node"
  }

  depends_on = [aws_eks_node_group.eks_general]
}

resource "aws_eks_pod_identity_association" "reporter_reports_reporter" {
  cluster_name    = aws_eks_cluster.other.name
  namespace       = "reports"
  service_account = "reporter"
  role_arn        = aws_iam_role.reporter.arn
}
