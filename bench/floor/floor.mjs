// The floor page's script: shows ten fixed results as soon as it runs (no engine, no data).
const titles = ['更新证书部署了好几天了还处于处理中', '免费证书到期会自动续期吗', '证书上传后域名仍然提示不安全',
  'HTTPS 证书配置失败', '证书部署一直在处理中', 'CDN 证书问题', '证书续期失败怎么办', '泛域名证书如何申请',
  '证书过期导致访问异常', '证书与域名不匹配'];
const list = document.getElementById('hits');
for (const t of titles) {
  const li = document.createElement('li');
  li.className = 'hit';
  li.textContent = t;
  list.append(li);
}
