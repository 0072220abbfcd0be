resource "aws_eks_cluster" "open" {
  name     = "open"
  role_arn = aws_iam_role.open_cluster.arn
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

  depends_on = [aws_iam_role_policy_attachment.open_cluster_cluster]
}

resource "aws_iam_openid_connect_provider" "open" {
  url            = aws_eks_cluster.open.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

locals {
  open_oidc_id = element(split("/", aws_eks_cluster.open.identity[0].oidc[0].issuer), 4)
}

resource "aws_eks_cluster" "office" {
  name     = "office"
  role_arn = aws_iam_role.office_cluster.arn
  version  = "1.31"

  vpc_config {
    subnet_ids              = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id]
    endpoint_private_access = true
    endpoint_public_access  = true
    public_access_cidrs     = ["203.0.113.0/24", "198.51.100.7/32"]
  }

  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }

  depends_on = [aws_iam_role_policy_attachment.office_cluster_cluster]
}

resource "aws_iam_openid_connect_provider" "office" {
  url            = aws_eks_cluster.office.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

locals {
  office_oidc_id = element(split("/", aws_eks_cluster.office.identity[0].oidc[0].issuer), 4)
}

resource "aws_eks_cluster" "internal" {
  name     = "internal"
  role_arn = aws_iam_role.internal_cluster.arn
  version  = "1.31"

  vpc_config {
    subnet_ids              = [aws_subnet.main_private_a.id, aws_subnet.main_private_b.id]
    endpoint_private_access = true
    endpoint_public_access  = false
  }

  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }

  depends_on = [aws_iam_role_policy_attachment.internal_cluster_cluster]
}

resource "aws_iam_openid_connect_provider" "internal" {
  url            = aws_eks_cluster.internal.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

locals {
  internal_oidc_id = element(split("/", aws_eks_cluster.internal.identity[0].oidc[0].issuer), 4)
}
