/* A minimal chat for when Web Chat is not installed: the transcript and a box to type in. */
(function () {
  'use strict';

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /**
   * Renders into `host` a chat over `directLine` (activity$, postActivity). Each activity shows
   * once by id; own messages show as sending until the service's echo arrives.
   */
  function renderMinimalChat(directLine, host, user, onActivity) {
    host.textContent = '';
    var root = el('div', 'minimal-chat');
    var list = el('ol', 'minimal-transcript');
    list.setAttribute('role', 'list');
    var form = el('form', 'minimal-send');
    var input = el('input');
    input.type = 'text';
    input.placeholder = 'Type a message';
    input.setAttribute('aria-label', 'Message');
    var button = el('button', '', 'Send');
    button.type = 'submit';
    form.appendChild(input);
    form.appendChild(button);
    root.appendChild(list);
    root.appendChild(form);
    host.appendChild(root);

    var shown = new Map();
    var pending = new Map();

    function bubble(activity, mine) {
      var item = el('li', 'minimal-activity ' + (mine ? 'from-user' : 'from-bot'));
      item.setAttribute('role', 'listitem');
      item.appendChild(el('div', 'minimal-text', activity.text || ''));
      (activity.attachments || []).forEach(function (a) {
        var link = el('a', 'minimal-attachment', a.name || a.contentType || 'attachment');
        if (a.contentUrl) link.href = a.contentUrl;
        link.target = '_blank';
        item.appendChild(link);
      });
      list.appendChild(item);
      list.scrollTop = list.scrollHeight;
      return item;
    }

    directLine.activity$.subscribe({
      next: function (activity) {
        if (onActivity) onActivity(activity);
        if (activity.type !== 'message') return;
        var clientId = activity.channelData && activity.channelData.clientActivityID;
        var mine = activity.from && activity.from.id === user.id;
        if (clientId && pending.has(clientId)) {
          var item = pending.get(clientId);
          pending.delete(clientId);
          item.classList.remove('sending', 'failed');
          shown.set(activity.id, item);
          return;
        }
        if (shown.has(activity.id)) return;
        shown.set(activity.id, bubble(activity, mine));
      },
      error: function (error) {
        list.appendChild(el('li', 'minimal-error', 'The connection failed: ' + (error && error.message)));
      },
    });

    function send(activity, item) {
      item.classList.add('sending');
      item.classList.remove('failed');
      directLine.postActivity(activity).subscribe({
        error: function () {
          item.classList.remove('sending');
          item.classList.add('failed');
          var retry = el('button', 'minimal-retry', 'Send failed. Retry');
          retry.type = 'button';
          retry.onclick = function () {
            item.removeChild(retry);
            send(activity, item);
          };
          item.appendChild(retry);
        },
      });
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      input.value = '';
      var clientActivityID = 'm' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
      var activity = {
        type: 'message',
        text: text,
        from: { id: user.id, name: user.name, role: 'user' },
        channelData: { clientActivityID: clientActivityID },
      };
      var item = bubble(activity, true);
      pending.set(clientActivityID, item);
      send(activity, item);
    });
  }

  window.renderMinimalChat = renderMinimalChat;
})();
