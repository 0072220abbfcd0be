resource "aws_eks_cluster" "eks" {
  name     = "eks"
  role_arn = aws_iam_role.eks_cluster.arn
  version  = "1.31"

  vpc_config {
    subnet_ids              = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
    security_group_ids      = ["sg-0123456789abcdef0"]
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }

  encryption_config {
    resources = ["secrets"]

    provider {
      key_arn = data.aws_kms_key.general.arn
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

resource "aws_launch_template" "eks_general" {
  name                   = "eks-general"
  update_default_version = true
  vpc_security_group_ids = [aws_eks_cluster.eks.vpc_config[0].cluster_security_group_id, aws_security_group.nodes.id, "sg-0fedcba9876543210"]

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 20
      volume_type           = "gp3"
      encrypted             = "true"
      delete_on_termination = "true"
    }
  }
}

resource "aws_eks_node_group" "eks_general" {
  cluster_name    = aws_eks_cluster.eks.name
  node_group_name = "eks-general"
  node_role_arn   = aws_iam_role.eks_node.arn
  subnet_ids      = [aws_subnet.infra_pods_a.id, aws_subnet.infra_pods_b.id]
  instance_types  = ["m6i.large"]
  ami_type        = "AL2023_x86_64_STANDARD"
  capacity_type   = "ON_DEMAND"

  scaling_config {
    min_size     = 2
    desired_size = 2
    max_size     = 4
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

resource "aws_eks_node_group" "eks_batch" {
  cluster_name    = aws_eks_cluster.eks.name
  node_group_name = "eks-batch"
  node_role_arn   = aws_iam_role.eks_node.arn
  subnet_ids      = data.aws_subnets.private.ids
  instance_types  = ["m6i.large"]
  ami_type        = "AL2023_x86_64_STANDARD"
  capacity_type   = "ON_DEMAND"
  disk_size       = 20

  scaling_config {
    min_size     = 0
    desired_size = 0
    max_size     = 2
  }

  update_config {
    max_unavailable = 1
  }

  depends_on = [aws_iam_role_policy_attachment.eks_node_worker, aws_iam_role_policy_attachment.eks_node_cni, aws_iam_role_policy_attachment.eks_node_ecr]
}

resource "aws_eks_access_entry" "eks_admin" {
  cluster_name  = aws_eks_cluster.eks.name
  principal_arn = "arn:aws:iam::123456789012:role/platform-admin"
  type          = "STANDARD"
}

resource "aws_eks_access_policy_association" "eks_admin" {
  cluster_name  = aws_eks_cluster.eks.name
  principal_arn = "arn:aws:iam::123456789012:role/platform-admin"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }

  depends_on = [aws_eks_access_entry.eks_admin]
}

resource "aws_eks_pod_identity_association" "shipper_logs_shipper" {
  cluster_name    = "shared-dev"
  namespace       = "logs"
  service_account = "shipper"
  role_arn        = aws_iam_role.shipper.arn
}
