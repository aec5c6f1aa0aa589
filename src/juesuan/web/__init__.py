"""``juesuan serve``: the review desk in a browser.

Reviewers upload disclosures, read each finding on its page, confirm or
dismiss it with a comment, and download the 审核意见表 and 整改通知 with
their review.  Everything is kept in the corpus store (:mod:`juesuan.store`):
the web's own tables (:mod:`.tables`) come with the store's migrations.
"""
