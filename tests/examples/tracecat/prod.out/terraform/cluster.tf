resource "aws_eks_cluster" "eks" {
  name     = "tracecat-eks"
  role_arn = aws_iam_role.eks_cluster.arn
  version  = "1.31"

  vpc_config {
    subnet_ids              = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id]
    endpoint_private_access = true
    endpoint_public_access  = true
    public_access_cidrs     = ["0.0.0.0/0"]
  }

  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
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

resource "aws_eks_node_group" "eks_ondemand" {
  cluster_name    = aws_eks_cluster.eks.name
  node_group_name = "tracecat-eks-ondemand"
  node_role_arn   = aws_iam_role.eks_node.arn
  subnet_ids      = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id]
  instance_types  = ["m7g.2xlarge"]
  ami_type        = "AL2023_ARM_64_STANDARD"
  capacity_type   = "ON_DEMAND"
  disk_size       = 50
  labels = {
    "tracecat.com/capacity" = "on-demand"
  }

  scaling_config {
    min_size     = 8
    desired_size = 8
    max_size     = 12
  }

  update_config {
    max_unavailable = 1
  }

  depends_on = [aws_iam_role_policy_attachment.eks_node_worker, aws_iam_role_policy_attachment.eks_node_cni, aws_iam_role_policy_attachment.eks_node_ecr]
}

resource "aws_eks_node_group" "eks_spot" {
  cluster_name    = aws_eks_cluster.eks.name
  node_group_name = "tracecat-eks-spot"
  node_role_arn   = aws_iam_role.eks_node.arn
  subnet_ids      = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id]
  instance_types  = ["m7g.2xlarge"]
  ami_type        = "AL2023_ARM_64_STANDARD"
  capacity_type   = "SPOT"
  disk_size       = 50
  labels = {
    "tracecat.com/capacity" = "spot"
  }

  scaling_config {
    min_size     = 2
    desired_size = 2
    max_size     = 4
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
  configuration_values        = "{\"env\":{\"ENABLE_POD_ENI\":\"true\"}}"

  depends_on = [aws_eks_node_group.eks_ondemand, aws_eks_node_group.eks_spot]
}

resource "aws_eks_addon" "eks_coredns" {
  cluster_name                = aws_eks_cluster.eks.name
  addon_name                  = "coredns"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.eks_ondemand, aws_eks_node_group.eks_spot]
}

resource "aws_eks_addon" "eks_kube-proxy" {
  cluster_name                = aws_eks_cluster.eks.name
  addon_name                  = "kube-proxy"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.eks_ondemand, aws_eks_node_group.eks_spot]
}

resource "aws_eks_access_entry" "eks_admin-0" {
  cluster_name  = aws_eks_cluster.eks.name
  principal_arn = "arn:aws:iam::123456789012:role/YourSSORole"
  type          = "STANDARD"
}

resource "aws_eks_access_policy_association" "eks_admin-0" {
  cluster_name  = aws_eks_cluster.eks.name
  principal_arn = "arn:aws:iam::123456789012:role/YourSSORole"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }

  depends_on = [aws_eks_access_entry.eks_admin-0]
}
