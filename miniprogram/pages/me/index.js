// 我的: who is signed in, phone binding through WeChat's getPhoneNumber button, the 找活/招工 switch, elder
// mode, links to the profile editors, 我的报名, own gigs and 消息 (with the unread count, also on the tab), and
// signing out.
'use strict';
const pageBehavior = require('../../behaviors/page');
const prefs = require('../../utils/prefs');
const auth = require('../../utils/auth');
const me = require('../../logic/me');
const inbox = require('../../logic/inbox');

Component({
  behaviors: [pageBehavior],
  data: { user: null, signingIn: false, binding: false, error: '', unread: 0, unreadText: '' },
  methods: {
    onShow() {
      this.setData({ user: auth.currentUser() });
      if (!this.data.user) this.signIn().then(() => this.refreshUnread());
      else this.refreshUnread();
    },
    async refreshUnread() {
      if (!this.data.user) return;
      const n = await inbox.unreadCount();
      if (n === null) return;
      this.setData({ unread: n, unreadText: inbox.badgeText(n) });
      inbox.setTabBadge(n);
    },
    async signIn() {
      this.setData({ signingIn: true, error: '' });
      const r = await me.signIn();
      this.setData({ signingIn: false, user: r.user, error: r.error });
    },
    async onPhone(e) {
      this.setData({ binding: true });
      const r = await me.bindPhone(e.detail);
      this.setData({ binding: false });
      if (r.user) this.setData({ user: r.user });
      if (r.message) wx.showToast({ title: r.message, icon: r.user ? 'success' : 'none' });
    },
    onRole(e) {
      prefs.setRole(e.currentTarget.dataset.role);
    },
    onElder(e) {
      prefs.setElder(!!e.detail.value);
    },
    go(e) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    async onLogout() {
      const ok = await me.confirm('退出登录', '退出后需要重新进入小程序登录。确定退出吗？');
      if (!ok) return;
      await auth.logout();
      this.setData({ user: null, unread: 0, unreadText: '' });
      inbox.setTabBadge(0);
    },
  },
});
