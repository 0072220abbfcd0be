check "eks_capacity" {
  assert {
    condition     = aws_eks_node_group.eks_ondemand.scaling_config[0].desired_size * 8000 >= 46500
    error_message = "Cluster tracecat-eks needs 46500m cpu at rollout peak (services plus reserve); its counted node groups offer less."
  }

  assert {
    condition     = aws_eks_node_group.eks_ondemand.scaling_config[0].desired_size * 32768 >= 97792
    error_message = "Cluster tracecat-eks needs 97792Mi memory at rollout peak (services plus reserve); its counted node groups offer less."
  }
}
