check "eks_capacity" {
  assert {
    condition     = aws_eks_node_group.eks_general.scaling_config[0].desired_size * 1930 + aws_eks_node_group.eks_batch.scaling_config[0].desired_size * 1930 >= 0
    error_message = "Cluster eks needs 0m cpu at rollout peak (services plus reserve); its counted node groups offer less."
  }

  assert {
    condition     = aws_eks_node_group.eks_general.scaling_config[0].desired_size * 6903 + aws_eks_node_group.eks_batch.scaling_config[0].desired_size * 6903 >= 0
    error_message = "Cluster eks needs 0Mi memory at rollout peak (services plus reserve); its counted node groups offer less."
  }
}
