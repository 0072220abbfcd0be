check "eks_capacity" {
  assert {
    condition     = aws_eks_node_group.eks_ondemand.scaling_config[0].desired_size * 4000 >= 9750
    error_message = "Cluster tracecat-light needs 9750m cpu at rollout peak (services plus reserve); its counted node groups offer less."
  }

  assert {
    condition     = aws_eks_node_group.eks_ondemand.scaling_config[0].desired_size * 16384 >= 23552
    error_message = "Cluster tracecat-light needs 23552Mi memory at rollout peak (services plus reserve); its counted node groups offer less."
  }
}
