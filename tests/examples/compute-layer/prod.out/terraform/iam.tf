resource "aws_iam_role" "eks_cluster" {
  name               = "uq-prod-eks-cluster"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Service",
          "Effect": "Allow",
          "Principal": {
            "Service": "eks.amazonaws.com"
          },
          "Action": [
            "sts:AssumeRole",
            "sts:TagSession"
          ]
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "eks_cluster_cluster" {
  role       = aws_iam_role.eks_cluster.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
}

resource "aws_iam_role" "eks_node" {
  name               = "uq-prod-eks-node"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Service",
          "Effect": "Allow",
          "Principal": {
            "Service": "ec2.amazonaws.com"
          },
          "Action": "sts:AssumeRole"
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "eks_node_worker" {
  role       = aws_iam_role.eks_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"
}

resource "aws_iam_role_policy_attachment" "eks_node_cni" {
  role       = aws_iam_role.eks_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"
}

resource "aws_iam_role_policy_attachment" "eks_node_ecr" {
  role       = aws_iam_role.eks_node.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
}

resource "aws_iam_role_policy_attachment" "eks_node_0" {
  role       = aws_iam_role.eks_node.name
  policy_arn = aws_iam_policy.node_pull_through_cache.arn
}

resource "aws_iam_role" "ebs_csi" {
  name                 = "uq-prod-pod-ebs-csi"
  path                 = "/"
  description          = "EBS CSI driver (kube-system/ebs-csi-controller-sa)"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PodIdentity0",
          "Effect": "Allow",
          "Principal": {
            "Service": "pods.eks.amazonaws.com"
          },
          "Action": [
            "sts:AssumeRole",
            "sts:TagSession"
          ],
          "Condition": {
            "StringEquals": {
              "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-central-1:410987654321:cluster/eks-uq-prod",
              "aws:RequestTag/kubernetes-namespace": "kube-system",
              "aws:RequestTag/kubernetes-service-account": "ebs-csi-controller-sa",
              "aws:SourceAccount": "410987654321"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "ebs_csi" {
  name   = "uq-prod-pod-ebs-csi-inline"
  role   = aws_iam_role.ebs_csi.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "VolumeEncryption",
          "Effect": "Allow",
          "Action": [
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:DescribeKey"
          ],
          "Resource": "arn:aws:kms:eu-central-1:410987654321:key/${aws_kms_key.general.key_id}"
        },
        {
          "Sid": "VolumeEncryptionGrants",
          "Effect": "Allow",
          "Action": [
            "kms:CreateGrant",
            "kms:ListGrants",
            "kms:RevokeGrant"
          ],
          "Resource": "arn:aws:kms:eu-central-1:410987654321:key/${aws_kms_key.general.key_id}",
          "Condition": {
            "Bool": {
              "kms:GrantIsForAWSResource": "true"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "ebs_csi_0" {
  role       = aws_iam_role.ebs_csi.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}

resource "aws_iam_role" "cluster_secrets" {
  name                 = "uq-prod-pod-cluster-secrets"
  path                 = "/"
  description          = "External Secrets (unique/external-secrets)"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PodIdentity0",
          "Effect": "Allow",
          "Principal": {
            "Service": "pods.eks.amazonaws.com"
          },
          "Action": [
            "sts:AssumeRole",
            "sts:TagSession"
          ],
          "Condition": {
            "StringEquals": {
              "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-central-1:410987654321:cluster/eks-uq-prod",
              "aws:RequestTag/kubernetes-namespace": "unique",
              "aws:RequestTag/kubernetes-service-account": "external-secrets",
              "aws:SourceAccount": "410987654321"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "cluster_secrets" {
  name   = "uq-prod-pod-cluster-secrets-inline"
  role   = aws_iam_role.cluster_secrets.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ReadSecrets",
          "Effect": "Allow",
          "Action": [
            "secretsmanager:GetSecretValue",
            "secretsmanager:DescribeSecret"
          ],
          "Resource": "arn:aws:secretsmanager:eu-central-1:410987654321:secret:uq-prod/*"
        },
        {
          "Sid": "DecryptSecrets",
          "Effect": "Allow",
          "Action": "kms:Decrypt",
          "Resource": "arn:aws:kms:eu-central-1:410987654321:key/${aws_kms_key.general.key_id}"
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "cert_manager" {
  name                 = "uq-prod-pod-cert-manager-route53"
  path                 = "/"
  description          = "cert-manager Route 53 (unique/cert-manager)"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PodIdentity0",
          "Effect": "Allow",
          "Principal": {
            "Service": "pods.eks.amazonaws.com"
          },
          "Action": [
            "sts:AssumeRole",
            "sts:TagSession"
          ],
          "Condition": {
            "StringEquals": {
              "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-central-1:410987654321:cluster/eks-uq-prod",
              "aws:RequestTag/kubernetes-namespace": "unique",
              "aws:RequestTag/kubernetes-service-account": "cert-manager",
              "aws:SourceAccount": "410987654321"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "cert_manager" {
  name   = "uq-prod-pod-cert-manager-route53-inline"
  role   = aws_iam_role.cert_manager.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ChangeRecords",
          "Effect": "Allow",
          "Action": [
            "route53:ChangeResourceRecordSets",
            "route53:ListResourceRecordSets"
          ],
          "Resource": [
            "arn:aws:route53:::hostedzone/Z0PROD34567890ABCDEF",
            "arn:aws:route53:::hostedzone/Z0PROD4567890ABCDEFG"
          ]
        },
        {
          "Sid": "GetChange",
          "Effect": "Allow",
          "Action": "route53:GetChange",
          "Resource": "arn:aws:route53:::change/*"
        },
        {
          "Sid": "ListZones",
          "Effect": "Allow",
          "Action": [
            "route53:ListHostedZones",
            "route53:ListHostedZonesByName"
          ],
          "Resource": "*"
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "assistants_core" {
  name                 = "uq-prod-pod-assistants-core"
  path                 = "/"
  description          = "Assistants core (unique/assistants-core)"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PodIdentity0",
          "Effect": "Allow",
          "Principal": {
            "Service": "pods.eks.amazonaws.com"
          },
          "Action": [
            "sts:AssumeRole",
            "sts:TagSession"
          ],
          "Condition": {
            "StringEquals": {
              "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-central-1:410987654321:cluster/eks-uq-prod",
              "aws:RequestTag/kubernetes-namespace": "unique",
              "aws:RequestTag/kubernetes-service-account": "assistants-core",
              "aws:SourceAccount": "410987654321"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "assistants_core" {
  name   = "uq-prod-pod-assistants-core-inline"
  role   = aws_iam_role.assistants_core.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "InvokeModels",
          "Effect": "Allow",
          "Action": [
            "bedrock:InvokeModel",
            "bedrock:InvokeModelWithResponseStream"
          ],
          "Resource": [
            "arn:aws:bedrock:*::foundation-model/*",
            "arn:aws:bedrock:*:410987654321:inference-profile/eu.*",
            "arn:aws:bedrock:*:410987654321:inference-profile/global.*",
            "arn:aws:bedrock:*:410987654321:application-inference-profile/*"
          ]
        },
        {
          "Sid": "ListAiData",
          "Effect": "Allow",
          "Action": [
            "s3:ListBucket",
            "s3:GetBucketLocation"
          ],
          "Resource": "arn:aws:s3:::uq-prod-ai-data"
        },
        {
          "Sid": "AiDataObjects",
          "Effect": "Allow",
          "Action": [
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject"
          ],
          "Resource": "arn:aws:s3:::uq-prod-ai-data/*"
        },
        {
          "Sid": "ReadSecrets",
          "Effect": "Allow",
          "Action": "secretsmanager:GetSecretValue",
          "Resource": "arn:aws:secretsmanager:eu-central-1:410987654321:secret:uq-prod/*"
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "litellm" {
  name                 = "uq-prod-pod-litellm"
  path                 = "/"
  description          = "LiteLLM (unique/litellm)"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PodIdentity0",
          "Effect": "Allow",
          "Principal": {
            "Service": "pods.eks.amazonaws.com"
          },
          "Action": [
            "sts:AssumeRole",
            "sts:TagSession"
          ],
          "Condition": {
            "StringEquals": {
              "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-central-1:410987654321:cluster/eks-uq-prod",
              "aws:RequestTag/kubernetes-namespace": "unique",
              "aws:RequestTag/kubernetes-service-account": "litellm",
              "aws:SourceAccount": "410987654321"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "litellm" {
  name   = "uq-prod-pod-litellm-inline"
  role   = aws_iam_role.litellm.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "InvokeModels",
          "Effect": "Allow",
          "Action": [
            "bedrock:InvokeModel",
            "bedrock:InvokeModelWithResponseStream"
          ],
          "Resource": [
            "arn:aws:bedrock:*::foundation-model/*",
            "arn:aws:bedrock:*:410987654321:inference-profile/eu.*",
            "arn:aws:bedrock:*:410987654321:inference-profile/global.*",
            "arn:aws:bedrock:*:410987654321:application-inference-profile/*"
          ]
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "ingestion" {
  name                 = "uq-prod-pod-ingestion"
  path                 = "/"
  description          = "Ingestion (unique/backend-service-ingestion)"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PodIdentity0",
          "Effect": "Allow",
          "Principal": {
            "Service": "pods.eks.amazonaws.com"
          },
          "Action": [
            "sts:AssumeRole",
            "sts:TagSession"
          ],
          "Condition": {
            "StringEquals": {
              "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-central-1:410987654321:cluster/eks-uq-prod",
              "aws:RequestTag/kubernetes-namespace": "unique",
              "aws:RequestTag/kubernetes-service-account": "backend-service-ingestion",
              "aws:SourceAccount": "410987654321"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "ingestion" {
  name   = "uq-prod-pod-ingestion-inline"
  role   = aws_iam_role.ingestion.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ListAiData",
          "Effect": "Allow",
          "Action": [
            "s3:ListBucket",
            "s3:GetBucketLocation"
          ],
          "Resource": "arn:aws:s3:::uq-prod-ai-data"
        },
        {
          "Sid": "AiDataObjects",
          "Effect": "Allow",
          "Action": [
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject"
          ],
          "Resource": "arn:aws:s3:::uq-prod-ai-data/*"
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "ingestion_worker" {
  name                 = "uq-prod-pod-ingestion-worker"
  path                 = "/"
  description          = "Ingestion worker (unique/backend-service-ingestion-worker)"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PodIdentity0",
          "Effect": "Allow",
          "Principal": {
            "Service": "pods.eks.amazonaws.com"
          },
          "Action": [
            "sts:AssumeRole",
            "sts:TagSession"
          ],
          "Condition": {
            "StringEquals": {
              "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-central-1:410987654321:cluster/eks-uq-prod",
              "aws:RequestTag/kubernetes-namespace": "unique",
              "aws:RequestTag/kubernetes-service-account": "backend-service-ingestion-worker",
              "aws:SourceAccount": "410987654321"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "ingestion_worker" {
  name   = "uq-prod-pod-ingestion-worker-inline"
  role   = aws_iam_role.ingestion_worker.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "InvokeModels",
          "Effect": "Allow",
          "Action": [
            "bedrock:InvokeModel",
            "bedrock:InvokeModelWithResponseStream"
          ],
          "Resource": [
            "arn:aws:bedrock:*::foundation-model/*",
            "arn:aws:bedrock:*:410987654321:inference-profile/eu.*",
            "arn:aws:bedrock:*:410987654321:inference-profile/global.*",
            "arn:aws:bedrock:*:410987654321:application-inference-profile/*"
          ]
        },
        {
          "Sid": "ListAiData",
          "Effect": "Allow",
          "Action": [
            "s3:ListBucket",
            "s3:GetBucketLocation"
          ],
          "Resource": "arn:aws:s3:::uq-prod-ai-data"
        },
        {
          "Sid": "AiDataObjects",
          "Effect": "Allow",
          "Action": [
            "s3:GetObject",
            "s3:PutObject",
            "s3:DeleteObject"
          ],
          "Resource": "arn:aws:s3:::uq-prod-ai-data/*"
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "speech" {
  name                 = "uq-prod-pod-speech"
  path                 = "/"
  description          = "Speech (unique/backend-service-speech)"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PodIdentity0",
          "Effect": "Allow",
          "Principal": {
            "Service": "pods.eks.amazonaws.com"
          },
          "Action": [
            "sts:AssumeRole",
            "sts:TagSession"
          ],
          "Condition": {
            "StringEquals": {
              "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-central-1:410987654321:cluster/eks-uq-prod",
              "aws:RequestTag/kubernetes-namespace": "unique",
              "aws:RequestTag/kubernetes-service-account": "backend-service-speech",
              "aws:SourceAccount": "410987654321"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "speech" {
  name   = "uq-prod-pod-speech-inline"
  role   = aws_iam_role.speech.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Transcribe",
          "Effect": "Allow",
          "Action": [
            "transcribe:StartStreamTranscription",
            "transcribe:StartStreamTranscriptionWebSocket",
            "transcribe:StartTranscriptionJob",
            "transcribe:ListTranscriptionJobs"
          ],
          "Resource": "*"
        },
        {
          "Sid": "Jobs",
          "Effect": "Allow",
          "Action": [
            "transcribe:GetTranscriptionJob",
            "transcribe:DeleteTranscriptionJob"
          ],
          "Resource": "arn:aws:transcribe:eu-central-1:410987654321:transcription-job/*"
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "lb_controller" {
  name                 = "uq-prod-pod-aws-lb-controller"
  path                 = "/"
  description          = "AWS Load Balancer Controller (unique/aws-load-balancer-controller)"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PodIdentity0",
          "Effect": "Allow",
          "Principal": {
            "Service": "pods.eks.amazonaws.com"
          },
          "Action": [
            "sts:AssumeRole",
            "sts:TagSession"
          ],
          "Condition": {
            "StringEquals": {
              "aws:RequestTag/eks-cluster-arn": "arn:aws:eks:eu-central-1:410987654321:cluster/eks-uq-prod",
              "aws:RequestTag/kubernetes-namespace": "unique",
              "aws:RequestTag/kubernetes-service-account": "aws-load-balancer-controller",
              "aws:SourceAccount": "410987654321"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "lb_controller" {
  name   = "uq-prod-pod-aws-lb-controller-inline"
  role   = aws_iam_role.lb_controller.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ServiceLinkedRole",
          "Effect": "Allow",
          "Action": "iam:CreateServiceLinkedRole",
          "Resource": "arn:aws:iam::*:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
          "Condition": {
            "StringEquals": {
              "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com"
            }
          }
        },
        {
          "Sid": "Describe",
          "Effect": "Allow",
          "Action": [
            "ec2:DescribeAccountAttributes",
            "ec2:DescribeAddresses",
            "ec2:DescribeAvailabilityZones",
            "ec2:DescribeInternetGateways",
            "ec2:DescribeVpcs",
            "ec2:DescribeVpcPeeringConnections",
            "ec2:DescribeSubnets",
            "ec2:DescribeSecurityGroups",
            "ec2:DescribeInstances",
            "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeTags",
            "ec2:DescribeRouteTables",
            "ec2:DescribeCoipPools",
            "elasticloadbalancing:DescribeLoadBalancers",
            "elasticloadbalancing:DescribeLoadBalancerAttributes",
            "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeListenerCertificates",
            "elasticloadbalancing:DescribeSSLPolicies",
            "elasticloadbalancing:DescribeRules",
            "elasticloadbalancing:DescribeTargetGroups",
            "elasticloadbalancing:DescribeTargetGroupAttributes",
            "elasticloadbalancing:DescribeTargetHealth",
            "elasticloadbalancing:DescribeTags",
            "elasticloadbalancing:DescribeTrustStores",
            "acm:ListCertificates",
            "iam:ListServerCertificates",
            "shield:GetSubscriptionState"
          ],
          "Resource": "*"
        },
        {
          "Sid": "Attachments",
          "Effect": "Allow",
          "Action": [
            "acm:DescribeCertificate",
            "iam:GetServerCertificate",
            "cognito-idp:DescribeUserPoolClient",
            "ec2:GetCoipPoolUsage",
            "wafv2:GetWebACL",
            "wafv2:GetWebACLForResource",
            "wafv2:AssociateWebACL",
            "wafv2:DisassociateWebACL",
            "shield:DescribeProtection",
            "shield:CreateProtection",
            "shield:DeleteProtection"
          ],
          "Resource": "*"
        },
        {
          "Sid": "CreateSecurityGroup",
          "Effect": "Allow",
          "Action": "ec2:CreateSecurityGroup",
          "Resource": "*"
        },
        {
          "Sid": "TagNewSecurityGroup",
          "Effect": "Allow",
          "Action": "ec2:CreateTags",
          "Resource": "arn:aws:ec2:*:*:security-group/*",
          "Condition": {
            "Null": {
              "aws:RequestTag/elbv2.k8s.aws/cluster": "false"
            },
            "StringEquals": {
              "ec2:CreateAction": "CreateSecurityGroup"
            }
          }
        },
        {
          "Sid": "TargetSecurityGroupRules",
          "Effect": "Allow",
          "Action": [
            "ec2:AuthorizeSecurityGroupIngress",
            "ec2:RevokeSecurityGroupIngress"
          ],
          "Resource": "*"
        },
        {
          "Sid": "OwnSecurityGroups",
          "Effect": "Allow",
          "Action": [
            "ec2:DeleteSecurityGroup",
            "ec2:CreateTags",
            "ec2:DeleteTags"
          ],
          "Resource": "*",
          "Condition": {
            "Null": {
              "aws:ResourceTag/elbv2.k8s.aws/cluster": "false"
            }
          }
        },
        {
          "Sid": "CreateLoadBalancers",
          "Effect": "Allow",
          "Action": [
            "elasticloadbalancing:CreateLoadBalancer",
            "elasticloadbalancing:CreateTargetGroup"
          ],
          "Resource": "*",
          "Condition": {
            "Null": {
              "aws:RequestTag/elbv2.k8s.aws/cluster": "false"
            }
          }
        },
        {
          "Sid": "Listeners",
          "Effect": "Allow",
          "Action": [
            "elasticloadbalancing:CreateListener",
            "elasticloadbalancing:DeleteListener",
            "elasticloadbalancing:CreateRule",
            "elasticloadbalancing:DeleteRule",
            "elasticloadbalancing:ModifyListener",
            "elasticloadbalancing:AddListenerCertificates",
            "elasticloadbalancing:RemoveListenerCertificates",
            "elasticloadbalancing:ModifyRule",
            "elasticloadbalancing:SetWebAcl"
          ],
          "Resource": "*"
        },
        {
          "Sid": "OwnLoadBalancers",
          "Effect": "Allow",
          "Action": [
            "elasticloadbalancing:ModifyLoadBalancerAttributes",
            "elasticloadbalancing:SetIpAddressType",
            "elasticloadbalancing:SetSecurityGroups",
            "elasticloadbalancing:SetSubnets",
            "elasticloadbalancing:DeleteLoadBalancer",
            "elasticloadbalancing:ModifyTargetGroup",
            "elasticloadbalancing:ModifyTargetGroupAttributes",
            "elasticloadbalancing:DeleteTargetGroup",
            "elasticloadbalancing:AddTags",
            "elasticloadbalancing:RemoveTags"
          ],
          "Resource": "*",
          "Condition": {
            "Null": {
              "aws:ResourceTag/elbv2.k8s.aws/cluster": "false"
            }
          }
        },
        {
          "Sid": "Targets",
          "Effect": "Allow",
          "Action": [
            "elasticloadbalancing:RegisterTargets",
            "elasticloadbalancing:DeregisterTargets"
          ],
          "Resource": "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"
        }
      ]
    }
  EOT
}

resource "aws_iam_policy" "node_pull_through_cache" {
  name        = "uq-prod-eks-node-pull-through-cache"
  path        = "/"
  description = "ECR pull-through cache imports for the EKS nodes"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PullThroughCache",
          "Effect": "Allow",
          "Action": [
            "ecr:BatchImportUpstreamImage",
            "ecr:CreateRepository"
          ],
          "Resource": [
            "arn:aws:ecr:eu-central-1:410987654321:repository/docker-hub/*",
            "arn:aws:ecr:eu-central-1:410987654321:repository/ecr-public/*",
            "arn:aws:ecr:eu-central-1:410987654321:repository/quay/*",
            "arn:aws:ecr:eu-central-1:410987654321:repository/ghcr/*",
            "arn:aws:ecr:eu-central-1:410987654321:repository/example.azurecr.io/*",
            "arn:aws:ecr:eu-central-1:410987654321:repository/example/*"
          ]
        }
      ]
    }
  EOT
}
