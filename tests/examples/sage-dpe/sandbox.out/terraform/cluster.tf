resource "aws_eks_cluster" "dpe" {
  name     = "dpe-k8-sandbox"
  role_arn = aws_iam_role.dpe_cluster.arn
  version  = "1.30"

  vpc_config {
    subnet_ids              = [aws_subnet.vpc_private_a.id, aws_subnet.vpc_private_b.id, aws_subnet.vpc_private_c.id]
    endpoint_private_access = true
    endpoint_public_access  = true
    public_access_cidrs     = ["0.0.0.0/0"]
  }

  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }

  depends_on = [aws_iam_role_policy_attachment.dpe_cluster_cluster]
}

resource "aws_iam_openid_connect_provider" "dpe" {
  url            = aws_eks_cluster.dpe.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

locals {
  dpe_oidc_id = element(split("/", aws_eks_cluster.dpe.identity[0].oidc[0].issuer), 4)
}

resource "aws_launch_template" "dpe_default" {
  name                   = "dpe-k8-sandbox-default"
  update_default_version = true

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 100
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

resource "aws_eks_node_group" "dpe_default" {
  cluster_name    = aws_eks_cluster.dpe.name
  node_group_name = "dpe-k8-sandbox-default"
  node_role_arn   = aws_iam_role.dpe_node.arn
  subnet_ids      = [aws_subnet.vpc_private_a.id, aws_subnet.vpc_private_b.id, aws_subnet.vpc_private_c.id]
  instance_types  = ["m7g.xlarge"]
  ami_type        = "AL2023_ARM_64_STANDARD"
  capacity_type   = "ON_DEMAND"

  scaling_config {
    min_size     = 1
    desired_size = 3
    max_size     = 6
  }

  launch_template {
    id      = aws_launch_template.dpe_default.id
    version = aws_launch_template.dpe_default.latest_version
  }

  update_config {
    max_unavailable = 1
  }

  depends_on = [aws_iam_role_policy_attachment.dpe_node_worker, aws_iam_role_policy_attachment.dpe_node_cni, aws_iam_role_policy_attachment.dpe_node_ecr]
}

resource "aws_eks_addon" "dpe_vpc-cni" {
  cluster_name                = aws_eks_cluster.dpe.name
  addon_name                  = "vpc-cni"
  resolve_conflicts_on_update = "OVERWRITE"
  configuration_values        = "{\"env\":{\"ENABLE_POD_ENI\":\"true\"},\"enableNetworkPolicy\":\"true\"}"

  depends_on = [aws_eks_node_group.dpe_default]
}

resource "aws_eks_addon" "dpe_coredns" {
  cluster_name                = aws_eks_cluster.dpe.name
  addon_name                  = "coredns"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.dpe_default]
}

resource "aws_eks_addon" "dpe_kube-proxy" {
  cluster_name                = aws_eks_cluster.dpe.name
  addon_name                  = "kube-proxy"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.dpe_default]
}

resource "aws_eks_addon" "dpe_aws-ebs-csi-driver" {
  cluster_name                = aws_eks_cluster.dpe.name
  addon_name                  = "aws-ebs-csi-driver"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.dpe_default]
}

resource "aws_eks_addon" "dpe_eks-pod-identity-agent" {
  cluster_name                = aws_eks_cluster.dpe.name
  addon_name                  = "eks-pod-identity-agent"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.dpe_default]
}

resource "aws_eks_addon" "dpe_aws-guardduty-agent" {
  cluster_name                = aws_eks_cluster.dpe.name
  addon_name                  = "aws-guardduty-agent"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.dpe_default]
}

resource "aws_eks_access_entry" "dpe_admin" {
  cluster_name  = aws_eks_cluster.dpe.name
  principal_arn = aws_iam_role.eks_admin.arn
  type          = "STANDARD"
}

resource "aws_eks_access_policy_association" "dpe_admin" {
  cluster_name  = aws_eks_cluster.dpe.name
  principal_arn = aws_iam_role.eks_admin.arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }

  depends_on = [aws_eks_access_entry.dpe_admin]
}

resource "aws_eks_pod_identity_association" "ebs_csi_kube-system_ebs-csi-controller-sa" {
  cluster_name    = aws_eks_cluster.dpe.name
  namespace       = "kube-system"
  service_account = "ebs-csi-controller-sa"
  role_arn        = aws_iam_role.ebs_csi.arn
}
