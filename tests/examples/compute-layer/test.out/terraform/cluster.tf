resource "aws_cloudwatch_log_group" "eks" {
  name              = "/aws/eks/eks-uq-test/cluster"
  retention_in_days = 14
  kms_key_id        = aws_kms_key.general.arn
}

resource "aws_eks_cluster" "eks" {
  name                      = "eks-uq-test"
  role_arn                  = aws_iam_role.eks_cluster.arn
  version                   = "1.31"
  enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  vpc_config {
    subnet_ids              = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id, aws_subnet.main_private_c.id]
    security_group_ids      = [aws_security_group.cluster.id]
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
      key_arn = aws_kms_key.general.arn
    }
  }

  depends_on = [aws_iam_role_policy_attachment.eks_cluster_cluster, aws_cloudwatch_log_group.eks]
}

resource "aws_launch_template" "eks_steady" {
  name                   = "eks-uq-test-steady"
  update_default_version = true
  vpc_security_group_ids = [aws_eks_cluster.eks.vpc_config[0].cluster_security_group_id, aws_security_group.nodes.id]

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

resource "aws_eks_node_group" "eks_steady" {
  cluster_name    = aws_eks_cluster.eks.name
  node_group_name = "eks-uq-test-steady"
  node_role_arn   = aws_iam_role.eks_node.arn
  subnet_ids      = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id, aws_subnet.main_private_c.id]
  instance_types  = ["m6i.large"]
  ami_type        = "AL2023_x86_64_STANDARD"
  capacity_type   = "ON_DEMAND"
  labels = {
    lifecycle   = "persistent"
    scalability = "steady"
  }

  scaling_config {
    min_size     = 1
    desired_size = 2
    max_size     = 3
  }

  launch_template {
    id      = aws_launch_template.eks_steady.id
    version = aws_launch_template.eks_steady.latest_version
  }

  update_config {
    max_unavailable = 1
  }

  depends_on = [aws_iam_role_policy_attachment.eks_node_worker, aws_iam_role_policy_attachment.eks_node_cni, aws_iam_role_policy_attachment.eks_node_ecr]
}

resource "aws_launch_template" "eks_batch" {
  name                   = "eks-uq-test-batch"
  update_default_version = true
  vpc_security_group_ids = [aws_eks_cluster.eks.vpc_config[0].cluster_security_group_id, aws_security_group.nodes.id]

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 50
      volume_type           = "gp3"
      encrypted             = "true"
      delete_on_termination = "true"
    }
  }
}

resource "aws_eks_node_group" "eks_batch" {
  cluster_name    = aws_eks_cluster.eks.name
  node_group_name = "eks-uq-test-batch"
  node_role_arn   = aws_iam_role.eks_node.arn
  subnet_ids      = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id, aws_subnet.main_private_c.id]
  instance_types  = ["m6i.xlarge"]
  ami_type        = "AL2023_x86_64_STANDARD"
  capacity_type   = "SPOT"
  labels = {
    lifecycle   = "ephemeral"
    scalability = "rapid"
    workload    = "ingestion"
  }

  scaling_config {
    min_size     = 0
    desired_size = 1
    max_size     = 4
  }

  launch_template {
    id      = aws_launch_template.eks_batch.id
    version = aws_launch_template.eks_batch.latest_version
  }

  update_config {
    max_unavailable = 1
  }

  taint {
    key    = "workload"
    value  = "ingestion"
    effect = "NO_SCHEDULE"
  }

  depends_on = [aws_iam_role_policy_attachment.eks_node_worker, aws_iam_role_policy_attachment.eks_node_cni, aws_iam_role_policy_attachment.eks_node_ecr]
}

resource "aws_eks_addon" "eks_eks-pod-identity-agent" {
  cluster_name                = aws_eks_cluster.eks.name
  addon_name                  = "eks-pod-identity-agent"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.eks_steady, aws_eks_node_group.eks_batch]
}

resource "aws_eks_addon" "eks_aws-ebs-csi-driver" {
  cluster_name                = aws_eks_cluster.eks.name
  addon_name                  = "aws-ebs-csi-driver"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.eks_steady, aws_eks_node_group.eks_batch]
}

resource "aws_eks_addon" "eks_coredns" {
  cluster_name                = aws_eks_cluster.eks.name
  addon_name                  = "coredns"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.eks_steady, aws_eks_node_group.eks_batch]
}

resource "aws_eks_addon" "eks_kube-proxy" {
  cluster_name                = aws_eks_cluster.eks.name
  addon_name                  = "kube-proxy"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.eks_steady, aws_eks_node_group.eks_batch]
}

resource "aws_eks_addon" "eks_vpc-cni" {
  cluster_name                = aws_eks_cluster.eks.name
  addon_name                  = "vpc-cni"
  resolve_conflicts_on_update = "OVERWRITE"

  depends_on = [aws_eks_node_group.eks_steady, aws_eks_node_group.eks_batch]
}

resource "aws_eks_access_entry" "eks_management" {
  cluster_name  = aws_eks_cluster.eks.name
  principal_arn = "arn:aws:iam::310987654321:role/uq-test-management-server"
  type          = "STANDARD"
}

resource "aws_eks_access_policy_association" "eks_management" {
  cluster_name  = aws_eks_cluster.eks.name
  principal_arn = "arn:aws:iam::310987654321:role/uq-test-management-server"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }

  depends_on = [aws_eks_access_entry.eks_management]
}

resource "aws_eks_pod_identity_association" "ebs_csi_kube-system_ebs-csi-controller-sa" {
  cluster_name    = aws_eks_cluster.eks.name
  namespace       = "kube-system"
  service_account = "ebs-csi-controller-sa"
  role_arn        = aws_iam_role.ebs_csi.arn
}

resource "aws_eks_pod_identity_association" "cluster_secrets_unique_external-secrets" {
  cluster_name    = aws_eks_cluster.eks.name
  namespace       = "unique"
  service_account = "external-secrets"
  role_arn        = aws_iam_role.cluster_secrets.arn
}

resource "aws_eks_pod_identity_association" "cert_manager_unique_cert-manager" {
  cluster_name    = aws_eks_cluster.eks.name
  namespace       = "unique"
  service_account = "cert-manager"
  role_arn        = aws_iam_role.cert_manager.arn
}

resource "aws_eks_pod_identity_association" "assistants_core_unique_assistants-core" {
  cluster_name    = aws_eks_cluster.eks.name
  namespace       = "unique"
  service_account = "assistants-core"
  role_arn        = aws_iam_role.assistants_core.arn
}

resource "aws_eks_pod_identity_association" "litellm_unique_litellm" {
  cluster_name    = aws_eks_cluster.eks.name
  namespace       = "unique"
  service_account = "litellm"
  role_arn        = aws_iam_role.litellm.arn
}

resource "aws_eks_pod_identity_association" "ingestion_unique_backend-service-ingestion" {
  cluster_name    = aws_eks_cluster.eks.name
  namespace       = "unique"
  service_account = "backend-service-ingestion"
  role_arn        = aws_iam_role.ingestion.arn
}

resource "aws_eks_pod_identity_association" "ingestion_worker_unique_backend-service-ingestion-worker" {
  cluster_name    = aws_eks_cluster.eks.name
  namespace       = "unique"
  service_account = "backend-service-ingestion-worker"
  role_arn        = aws_iam_role.ingestion_worker.arn
}

resource "aws_eks_pod_identity_association" "speech_unique_backend-service-speech" {
  cluster_name    = aws_eks_cluster.eks.name
  namespace       = "unique"
  service_account = "backend-service-speech"
  role_arn        = aws_iam_role.speech.arn
}

resource "aws_eks_pod_identity_association" "lb_controller_unique_aws-load-balancer-controller" {
  cluster_name    = aws_eks_cluster.eks.name
  namespace       = "unique"
  service_account = "aws-load-balancer-controller"
  role_arn        = aws_iam_role.lb_controller.arn
}
