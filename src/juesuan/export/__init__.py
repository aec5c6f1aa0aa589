"""Exports for a reviewer (``juesuan report``): the 审核意见表 (.xlsx, .csv), one
整改通知 per unit (.docx) and a standalone HTML report, all from one row model
(:mod:`.rows`)."""
