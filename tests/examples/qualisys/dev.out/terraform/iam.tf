resource "aws_iam_role" "main_flow_logs" {
  name               = "qualisys-vpc-flow-logs"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Service",
          "Effect": "Allow",
          "Principal": {
            "Service": "vpc-flow-logs.amazonaws.com"
          },
          "Action": "sts:AssumeRole",
          "Condition": {
            "StringEquals": {
              "aws:SourceAccount": "123456789012"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "main_flow_logs" {
  name   = "flow-logs"
  role   = aws_iam_role.main_flow_logs.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "DeliverFlowLogs",
          "Effect": "Allow",
          "Action": [
            "logs:CreateLogStream",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents"
          ],
          "Resource": [
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vpc/qualisys-flow-logs",
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vpc/qualisys-flow-logs:*"
          ]
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "eks_cluster" {
  name               = "QualisysEKSService"
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
  name               = "QualisysEKSNode"
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

resource "aws_iam_role" "cluster_autoscaler" {
  name                 = "qualisys-cluster-autoscaler"
  path                 = "/"
  description          = "Cluster Autoscaler (IRSA)"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Irsa0",
          "Effect": "Allow",
          "Principal": {
            "Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/${local.eks_oidc_id}"
          },
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {
            "StringEquals": {
              "oidc.eks.us-east-1.amazonaws.com/id/${local.eks_oidc_id}:aud": "sts.amazonaws.com",
              "oidc.eks.us-east-1.amazonaws.com/id/${local.eks_oidc_id}:sub": "system:serviceaccount:kube-system:cluster-autoscaler"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "cluster_autoscaler" {
  name   = "qualisys-cluster-autoscaler-inline"
  role   = aws_iam_role.cluster_autoscaler.id
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Describe",
          "Effect": "Allow",
          "Action": [
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations",
            "autoscaling:DescribeScalingActivities",
            "autoscaling:DescribeTags",
            "ec2:DescribeImages",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetInstanceTypesFromInstanceRequirements"
          ],
          "Resource": "*"
        },
        {
          "Sid": "NodeGroups",
          "Effect": "Allow",
          "Action": "eks:DescribeNodegroup",
          "Resource": "arn:aws:eks:us-east-1:*:nodegroup/qualisys-eks/*"
        },
        {
          "Sid": "Scale",
          "Effect": "Allow",
          "Action": [
            "autoscaling:SetDesiredCapacity",
            "autoscaling:TerminateInstanceInAutoScalingGroup"
          ],
          "Resource": "*",
          "Condition": {
            "StringEquals": {
              "aws:ResourceTag/k8s.io/cluster-autoscaler/qualisys-eks": "owned"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role" "lb_controller" {
  name                 = "qualisys-alb-controller"
  path                 = "/"
  description          = "AWS Load Balancer Controller"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Irsa0",
          "Effect": "Allow",
          "Principal": {
            "Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/${local.eks_oidc_id}"
          },
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {
            "StringEquals": {
              "oidc.eks.us-east-1.amazonaws.com/id/${local.eks_oidc_id}:aud": "sts.amazonaws.com",
              "oidc.eks.us-east-1.amazonaws.com/id/${local.eks_oidc_id}:sub": "system:serviceaccount:kube-system:aws-load-balancer-controller"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy" "lb_controller" {
  name   = "qualisys-alb-controller-inline"
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
          "Sid": "TagOnCreate",
          "Effect": "Allow",
          "Action": "elasticloadbalancing:AddTags",
          "Resource": [
            "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
            "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
            "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*"
          ],
          "Condition": {
            "Null": {
              "aws:RequestTag/elbv2.k8s.aws/cluster": "false"
            },
            "StringEquals": {
              "elasticloadbalancing:CreateAction": [
                "CreateTargetGroup",
                "CreateLoadBalancer"
              ]
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

resource "aws_iam_role" "devops_admin" {
  name                 = "QualisysDevOpsAdmin"
  path                 = "/"
  description          = "Infrastructure management: full admin access, MFA required"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Account0",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::123456789012:root"
          },
          "Action": "sts:AssumeRole",
          "Condition": {
            "Bool": {
              "aws:MultiFactorAuthPresent": "true"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "devops_admin_0" {
  role       = aws_iam_role.devops_admin.name
  policy_arn = "arn:aws:iam::aws:policy/PowerUserAccess"
}

resource "aws_iam_role_policy_attachment" "devops_admin_1" {
  role       = aws_iam_role.devops_admin.name
  policy_arn = "arn:aws:iam::aws:policy/IAMFullAccess"
}

resource "aws_iam_role_policy_attachment" "devops_admin_2" {
  role       = aws_iam_role.devops_admin.name
  policy_arn = aws_iam_policy.mfa_enforcement.arn
}

resource "aws_iam_role" "developer" {
  name                 = "QualisysDeveloper"
  path                 = "/"
  description          = "Development access: EKS describe, ECR pull, S3 read, CloudWatch logs; MFA required"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Account0",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::123456789012:root"
          },
          "Action": "sts:AssumeRole",
          "Condition": {
            "Bool": {
              "aws:MultiFactorAuthPresent": "true"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "developer_0" {
  role       = aws_iam_role.developer.name
  policy_arn = aws_iam_policy.developer.arn
}

resource "aws_iam_role_policy_attachment" "developer_1" {
  role       = aws_iam_role.developer.name
  policy_arn = aws_iam_policy.mfa_enforcement.arn
}

resource "aws_iam_role" "cicd" {
  name                 = "QualisysCICD"
  path                 = "/"
  description          = "Automated deployments: ECR push, EKS deploy to staging"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "GitHub0",
          "Effect": "Allow",
          "Principal": {
            "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
          },
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {
            "StringEquals": {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": "repo:qualisys/qualisys:ref:refs/heads/main"
            }
          }
        }
      ]
    }
  EOT

  depends_on = [aws_iam_openid_connect_provider.github]
}

resource "aws_iam_role_policy_attachment" "cicd_0" {
  role       = aws_iam_role.cicd.name
  policy_arn = aws_iam_policy.cicd.arn
}

resource "aws_iam_role" "rds_service" {
  name                 = "QualisysRDSService"
  path                 = "/"
  description          = "Database administration: describe, snapshot, modify, reboot; no provisioning"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Account0",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::123456789012:root"
          },
          "Action": "sts:AssumeRole",
          "Condition": {
            "Bool": {
              "aws:MultiFactorAuthPresent": "true"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "rds_service_0" {
  role       = aws_iam_role.rds_service.name
  policy_arn = aws_iam_policy.rds_service.arn
}

resource "aws_iam_role" "elasticache_service" {
  name                 = "QualisysElastiCacheService"
  path                 = "/"
  description          = "Redis cluster management: describe, modify, monitoring"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Account0",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::123456789012:root"
          },
          "Action": "sts:AssumeRole",
          "Condition": {
            "Bool": {
              "aws:MultiFactorAuthPresent": "true"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "elasticache_service_0" {
  role       = aws_iam_role.elasticache_service.name
  policy_arn = aws_iam_policy.elasticache_service.arn
}

resource "aws_iam_role" "ecr_service" {
  name                 = "QualisysECRService"
  path                 = "/"
  description          = "Container image management: push, pull, scan, lifecycle"
  max_session_duration = 3600
  assume_role_policy   = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Account0",
          "Effect": "Allow",
          "Principal": {
            "AWS": "arn:aws:iam::123456789012:root"
          },
          "Action": "sts:AssumeRole",
          "Condition": {
            "Bool": {
              "aws:MultiFactorAuthPresent": "true"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "ecr_service_0" {
  role       = aws_iam_role.ecr_service.name
  policy_arn = aws_iam_policy.ecr_service.arn
}

resource "aws_iam_policy" "developer" {
  name        = "QualisysDeveloperPolicy"
  path        = "/"
  description = "EKS describe, ECR pull, S3 read, CloudWatch Logs read"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "EksRead",
          "Effect": "Allow",
          "Action": [
            "eks:DescribeCluster",
            "eks:DescribeNodegroup",
            "eks:DescribeAddon",
            "eks:ListNodegroups",
            "eks:ListAddons",
            "eks:AccessKubernetesApi"
          ],
          "Resource": [
            "arn:aws:eks:us-east-1:123456789012:cluster/qualisys-*",
            "arn:aws:eks:us-east-1:123456789012:nodegroup/qualisys-*/*/*",
            "arn:aws:eks:us-east-1:123456789012:addon/qualisys-*/*/*"
          ]
        },
        {
          "Sid": "EksList",
          "Effect": "Allow",
          "Action": [
            "eks:ListClusters",
            "ecr:GetAuthorizationToken",
            "logs:DescribeLogGroups"
          ],
          "Resource": "*"
        },
        {
          "Sid": "EcrPull",
          "Effect": "Allow",
          "Action": [
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer",
            "ecr:BatchCheckLayerAvailability",
            "ecr:DescribeImages"
          ],
          "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/qualisys-*"
        },
        {
          "Sid": "S3Read",
          "Effect": "Allow",
          "Action": [
            "s3:GetObject",
            "s3:ListBucket"
          ],
          "Resource": [
            "arn:aws:s3:::qualisys-*",
            "arn:aws:s3:::qualisys-*/*"
          ]
        },
        {
          "Sid": "LogsRead",
          "Effect": "Allow",
          "Action": [
            "logs:GetLogEvents",
            "logs:FilterLogEvents",
            "logs:DescribeLogStreams",
            "logs:StartQuery"
          ],
          "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:*"
        },
        {
          "Sid": "StateAndAudit",
          "Effect": "Deny",
          "Action": "s3:*",
          "Resource": [
            "arn:aws:s3:::qualisys-terraform-state",
            "arn:aws:s3:::qualisys-terraform-state/*",
            "arn:aws:s3:::qualisys-*cloudtrail-logs",
            "arn:aws:s3:::qualisys-*cloudtrail-logs/*"
          ]
        }
      ]
    }
  EOT
}

resource "aws_iam_policy" "mfa_enforcement" {
  name        = "QualisysMFAEnforcement"
  path        = "/"
  description = "Deny all actions without MFA, except managing one's own MFA device"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "NoMfa",
          "Effect": "Deny",
          "NotAction": [
            "iam:CreateVirtualMFADevice",
            "iam:EnableMFADevice",
            "iam:GetUser",
            "iam:ListMFADevices",
            "iam:ListVirtualMFADevices",
            "iam:ResyncMFADevice",
            "iam:ChangePassword",
            "sts:GetSessionToken"
          ],
          "Resource": "*",
          "Condition": {
            "BoolIfExists": {
              "aws:MultiFactorAuthPresent": "false"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_policy" "cicd" {
  name        = "QualisysCICDPolicy"
  path        = "/"
  description = "ECR push to qualisys-* repositories, EKS deploy; never secrets"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "EcrAuth",
          "Effect": "Allow",
          "Action": "ecr:GetAuthorizationToken",
          "Resource": "*"
        },
        {
          "Sid": "EcrPush",
          "Effect": "Allow",
          "Action": [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer",
            "ecr:InitiateLayerUpload",
            "ecr:UploadLayerPart",
            "ecr:CompleteLayerUpload",
            "ecr:PutImage"
          ],
          "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/qualisys-*"
        },
        {
          "Sid": "EksDeploy",
          "Effect": "Allow",
          "Action": [
            "eks:DescribeCluster",
            "eks:AccessKubernetesApi"
          ],
          "Resource": "arn:aws:eks:us-east-1:123456789012:cluster/qualisys-eks"
        },
        {
          "Sid": "NoSecrets",
          "Effect": "Deny",
          "Action": [
            "secretsmanager:GetSecretValue",
            "secretsmanager:BatchGetSecretValue",
            "ssm:GetParameter",
            "ssm:GetParameters",
            "ssm:GetParametersByPath",
            "ssm:GetParameterHistory"
          ],
          "Resource": "*"
        },
        {
          "Sid": "NoShell",
          "Effect": "Deny",
          "Action": [
            "ssm:StartSession",
            "ssm:SendCommand"
          ],
          "Resource": "*"
        }
      ]
    }
  EOT
}

resource "aws_iam_policy" "rds_service" {
  name        = "QualisysRDSServicePolicy"
  path        = "/"
  description = "Describe, snapshot, modify and reboot qualisys-* databases; monitoring"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Manage",
          "Effect": "Allow",
          "Action": [
            "rds:DescribeDBInstances",
            "rds:DescribeDBSnapshots",
            "rds:DescribeDBParameters",
            "rds:DescribeDBLogFiles",
            "rds:DownloadDBLogFilePortion",
            "rds:ListTagsForResource",
            "rds:CreateDBSnapshot",
            "rds:ModifyDBInstance",
            "rds:RebootDBInstance"
          ],
          "Resource": [
            "arn:aws:rds:us-east-1:123456789012:db:qualisys-*",
            "arn:aws:rds:us-east-1:123456789012:snapshot:qualisys-*",
            "arn:aws:rds:us-east-1:123456789012:pg:qualisys-*"
          ]
        },
        {
          "Sid": "Metrics",
          "Effect": "Allow",
          "Action": [
            "cloudwatch:GetMetricData",
            "cloudwatch:GetMetricStatistics",
            "cloudwatch:ListMetrics"
          ],
          "Resource": "*"
        },
        {
          "Sid": "Logs",
          "Effect": "Allow",
          "Action": [
            "logs:GetLogEvents",
            "logs:FilterLogEvents",
            "logs:DescribeLogStreams"
          ],
          "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/rds/instance/qualisys-*"
        },
        {
          "Sid": "NoProvisioning",
          "Effect": "Deny",
          "Action": [
            "rds:CreateDBInstance",
            "rds:DeleteDBInstance",
            "rds:CreateDBCluster",
            "rds:DeleteDBCluster"
          ],
          "Resource": "*"
        }
      ]
    }
  EOT
}

resource "aws_iam_policy" "elasticache_service" {
  name        = "QualisysElastiCacheServicePolicy"
  path        = "/"
  description = "Describe, modify and reboot qualisys-* caches; monitoring"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Manage",
          "Effect": "Allow",
          "Action": [
            "elasticache:DescribeReplicationGroups",
            "elasticache:DescribeCacheClusters",
            "elasticache:ListTagsForResource",
            "elasticache:ModifyReplicationGroup",
            "elasticache:ModifyCacheCluster",
            "elasticache:RebootCacheCluster"
          ],
          "Resource": [
            "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:qualisys-*",
            "arn:aws:elasticache:us-east-1:123456789012:cluster:qualisys-*"
          ]
        },
        {
          "Sid": "Metrics",
          "Effect": "Allow",
          "Action": [
            "cloudwatch:GetMetricData",
            "cloudwatch:GetMetricStatistics",
            "cloudwatch:ListMetrics"
          ],
          "Resource": "*"
        }
      ]
    }
  EOT
}

resource "aws_iam_policy" "ecr_service" {
  name        = "QualisysECRServicePolicy"
  path        = "/"
  description = "Push, pull, scan and expire images of qualisys-* repositories"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Auth",
          "Effect": "Allow",
          "Action": "ecr:GetAuthorizationToken",
          "Resource": "*"
        },
        {
          "Sid": "Images",
          "Effect": "Allow",
          "Action": [
            "ecr:BatchCheckLayerAvailability",
            "ecr:BatchGetImage",
            "ecr:GetDownloadUrlForLayer",
            "ecr:InitiateLayerUpload",
            "ecr:UploadLayerPart",
            "ecr:CompleteLayerUpload",
            "ecr:PutImage",
            "ecr:DescribeImages",
            "ecr:DescribeRepositories",
            "ecr:ListImages",
            "ecr:StartImageScan",
            "ecr:DescribeImageScanFindings",
            "ecr:GetLifecyclePolicy",
            "ecr:PutLifecyclePolicy",
            "ecr:StartLifecyclePolicyPreview",
            "ecr:GetLifecyclePolicyPreview"
          ],
          "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/qualisys-*"
        }
      ]
    }
  EOT
}

resource "aws_iam_policy" "db_connection" {
  name        = "QualisysDatabaseConnectionRead"
  path        = "/"
  description = "Read the qualisys/database/connection secret"
  policy      = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "ReadSecret",
          "Effect": "Allow",
          "Action": [
            "secretsmanager:GetSecretValue",
            "secretsmanager:DescribeSecret"
          ],
          "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:qualisys/database/connection-??????"
        },
        {
          "Sid": "Decrypt",
          "Effect": "Allow",
          "Action": "kms:Decrypt",
          "Resource": "arn:aws:kms:us-east-1:123456789012:key/${aws_kms_key.rds.key_id}",
          "Condition": {
            "StringEquals": {
              "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"
            }
          }
        }
      ]
    }
  EOT
}

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "main_monitoring" {
  name               = "qualisys-db-monitoring"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Service",
          "Effect": "Allow",
          "Principal": {
            "Service": "monitoring.rds.amazonaws.com"
          },
          "Action": "sts:AssumeRole"
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "main_monitoring_monitoring" {
  role       = aws_iam_role.main_monitoring.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}
