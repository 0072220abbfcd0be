resource "aws_cloudwatch_log_group" "eks" {
  name              = "/aws/eks/qualisys-eks/cluster"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.eks.arn
}

resource "aws_eks_cluster" "eks" {
  name                      = "qualisys-eks"
  role_arn                  = aws_iam_role.eks_cluster.arn
  version                   = "1.29"
  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

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

  encryption_config {
    resources = ["secrets"]

    provider {
      key_arn = aws_kms_key.eks.arn
    }
  }

  depends_on = [aws_iam_role_policy_attachment.eks_cluster_cluster, aws_cloudwatch_log_group.eks]
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = aws_eks_cluster.eks.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

locals {
  eks_oidc_id = element(split("/", aws_eks_cluster.eks.identity[0].oidc[0].issuer), 4)
}

resource "aws_launch_template" "eks_general" {
  name                   = "qualisys-eks-general"
  update_default_version = true
  vpc_security_group_ids = [aws_eks_cluster.eks.vpc_config[0].cluster_security_group_id, aws_security_group.k8s_nodes.id]

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 20
      volume_type           = "gp3"
      encrypted             = "true"
      delete_on_termination = "true"
    }
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
}

resource "aws_eks_node_group" "eks_general" {
  cluster_name    = aws_eks_cluster.eks.name
  node_group_name = "qualisys-eks-general"
  node_role_arn   = aws_iam_role.eks_node.arn
  subnet_ids      = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id]
  instance_types  = ["t3.medium"]
  ami_type        = "AL2023_x86_64_STANDARD"
  capacity_type   = "ON_DEMAND"
  labels = {
    "node-type" = "general"
  }

  scaling_config {
    min_size     = 2
    desired_size = 2
    max_size     = 10
  }

  launch_template {
    id      = aws_launch_template.eks_general.id
    version = aws_launch_template.eks_general.latest_version
  }

  update_config {
    max_unavailable = 1
  }

  depends_on = [aws_iam_role_policy_attachment.eks_node_worker, aws_iam_role_policy_attachment.eks_node_cni, aws_iam_role_policy_attachment.eks_node_ecr]
}

resource "aws_launch_template" "eks_playwright-pool" {
  name                   = "qualisys-eks-playwright-pool"
  update_default_version = true
  vpc_security_group_ids = [aws_eks_cluster.eks.vpc_config[0].cluster_security_group_id, aws_security_group.k8s_nodes.id]

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 20
      volume_type           = "gp3"
      encrypted             = "true"
      delete_on_termination = "true"
    }
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }
}

resource "aws_eks_node_group" "eks_playwright-pool" {
  cluster_name    = aws_eks_cluster.eks.name
  node_group_name = "qualisys-eks-playwright-pool"
  node_role_arn   = aws_iam_role.eks_node.arn
  subnet_ids      = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id]
  instance_types  = ["c5.xlarge"]
  ami_type        = "AL2023_x86_64_STANDARD"
  capacity_type   = "ON_DEMAND"
  labels = {
    "node-type" = "playwright"
  }

  scaling_config {
    min_size     = 5
    desired_size = 5
    max_size     = 20
  }

  launch_template {
    id      = aws_launch_template.eks_playwright-pool.id
    version = aws_launch_template.eks_playwright-pool.latest_version
  }

  update_config {
    max_unavailable = 1
  }

  taint {
    key    = "workload"
    value  = "playwright"
    effect = "NO_SCHEDULE"
  }

  depends_on = [aws_iam_role_policy_attachment.eks_node_worker, aws_iam_role_policy_attachment.eks_node_cni, aws_iam_role_policy_attachment.eks_node_ecr]
}

resource "aws_eks_addon" "eks_vpc-cni" {
  cluster_name                = aws_eks_cluster.eks.name
  addon_name                  = "vpc-cni"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.eks_general, aws_eks_node_group.eks_playwright-pool]
}

resource "aws_eks_addon" "eks_kube-proxy" {
  cluster_name                = aws_eks_cluster.eks.name
  addon_name                  = "kube-proxy"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.eks_general, aws_eks_node_group.eks_playwright-pool]
}

resource "aws_eks_addon" "eks_coredns" {
  cluster_name                = aws_eks_cluster.eks.name
  addon_name                  = "coredns"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.eks_general, aws_eks_node_group.eks_playwright-pool]
}

resource "aws_eks_access_entry" "eks_team_developer" {
  cluster_name      = aws_eks_cluster.eks.name
  principal_arn     = aws_iam_role.developer.arn
  type              = "STANDARD"
  kubernetes_groups = ["qualisys-developers"]
}

resource "aws_eks_access_entry" "eks_team_devops" {
  cluster_name      = aws_eks_cluster.eks.name
  principal_arn     = aws_iam_role.devops_admin.arn
  type              = "STANDARD"
  kubernetes_groups = ["qualisys-devops"]
}

resource "aws_eks_access_entry" "eks_team_ci-cd" {
  cluster_name      = aws_eks_cluster.eks.name
  principal_arn     = aws_iam_role.cicd.arn
  type              = "STANDARD"
  kubernetes_groups = ["qualisys-cicd"]
}
