check "eks_capacity" {
  assert {
    condition     = aws_eks_node_group.eks_general.scaling_config[0].desired_size * 7910 + aws_eks_node_group.eks_bottle.scaling_config[0].desired_size * 7910 >= 10000
    error_message = "Cluster eks needs 10000m cpu at rollout peak (services plus reserve); its counted node groups offer less."
  }

  assert {
    condition     = aws_eks_node_group.eks_general.scaling_config[0].desired_size * 29258 + aws_eks_node_group.eks_bottle.scaling_config[0].desired_size * 14162 >= 40960
    error_message = "Cluster eks needs 40960Mi memory at rollout peak (services plus reserve); its counted node groups offer less."
  }
}
