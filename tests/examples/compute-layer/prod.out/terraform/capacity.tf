check "eks_capacity" {
  assert {
    condition     = aws_eks_node_group.eks_steady.scaling_config[0].desired_size * 3920 >= 0
    error_message = "Cluster eks-uq-prod needs 0m cpu at rollout peak (services plus reserve); its counted node groups offer less."
  }

  assert {
    condition     = aws_eks_node_group.eks_steady.scaling_config[0].desired_size * 14162 >= 0
    error_message = "Cluster eks-uq-prod needs 0Mi memory at rollout peak (services plus reserve); its counted node groups offer less."
  }
}
