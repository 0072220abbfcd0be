data "aws_eks_cluster" "shared" {
  name = "shared-dev"
}

locals {
  shared_oidc_id           = element(split("/", data.aws_eks_cluster.shared.identity[0].oidc[0].issuer), 4)
  shared_oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/${local.shared_oidc_id}"
}

data "aws_eks_node_group" "shared_general" {
  cluster_name    = data.aws_eks_cluster.shared.name
  node_group_name = "shared-dev-general"
}

resource "aws_eks_node_group" "shared_spot" {
  cluster_name    = data.aws_eks_cluster.shared.name
  node_group_name = "shared-dev-spot"
  node_role_arn   = aws_iam_role.shared_node.arn
  subnet_ids      = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  instance_types  = ["m6i.large"]
  ami_type        = "AL2023_x86_64_STANDARD"
  capacity_type   = "SPOT"
  disk_size       = 20

  scaling_config {
    min_size     = 0
    desired_size = 0
    max_size     = 4
  }

  update_config {
    max_unavailable = 1
  }

  depends_on = [aws_iam_role_policy_attachment.shared_node_worker, aws_iam_role_policy_attachment.shared_node_cni, aws_iam_role_policy_attachment.shared_node_ecr]
}

resource "aws_eks_access_entry" "shared_deployer" {
  cluster_name  = data.aws_eks_cluster.shared.name
  principal_arn = "arn:aws:iam::123456789012:role/deployer"
  type          = "STANDARD"
}

resource "aws_eks_access_policy_association" "shared_deployer" {
  cluster_name  = data.aws_eks_cluster.shared.name
  principal_arn = "arn:aws:iam::123456789012:role/deployer"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"

  access_scope {
    type = "cluster"
  }

  depends_on = [aws_eks_access_entry.shared_deployer]
}

resource "aws_eks_pod_identity_association" "worker_apps_worker" {
  cluster_name    = data.aws_eks_cluster.shared.name
  namespace       = "apps"
  service_account = "worker"
  role_arn        = aws_iam_role.worker.arn
}

resource "aws_eks_pod_identity_association" "ingest_apps_ingest" {
  cluster_name    = data.aws_eks_cluster.shared.name
  namespace       = "apps"
  service_account = "ingest"
  role_arn        = "arn:aws:iam::123456789012:role/ingest"
}
