check "eks_capacity" {
  assert {
    condition     = aws_eks_node_group.eks_general.scaling_config[0].desired_size * 3920 >= 500
    error_message = "Cluster eks needs 500m cpu at rollout peak (services plus reserve); its counted node groups offer less."
  }

  assert {
    condition     = aws_eks_node_group.eks_general.scaling_config[0].desired_size * 14103 >= 512
    error_message = "Cluster eks needs 512Mi memory at rollout peak (services plus reserve); its counted node groups offer less."
  }
}
