"""Market supervision (市场监督管理): enterprise registrations, changes, deregistrations, abnormal-operation lists."""
