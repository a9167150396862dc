"""Counter: air-ticket counter desktop application (柜台售票系统) and its head-office service."""

__version__ = "0.1.0"
