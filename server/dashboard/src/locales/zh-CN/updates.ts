import type { UpdateFormat, UpdatePlatform } from '../../../../../shared/updates/manifest';

// Platform and format labels are looked up by the values the server sends: every value must have one.
export default {
  nav: '程序更新',
  title: '程序更新',
  intro: '县服务器向各服务站提供的安装包，以及服务站更新到最新版本的进度。发布新版本须在县服务器上执行命令。',
  loading: '正在加载…',
  empty: {
    title: '尚未发布任何更新',
    how: '在县服务器上，把打包生成的安装包（.exe、.deb、.AppImage）所在的文件夹交给下面的命令发布：',
    after: '版本号、平台和校验值均从文件名和文件内容中得出；发布后，已注册的服务站即可从县服务器获取。',
  },
  platforms: { win32: 'Windows', linux: 'Linux' } satisfies Record<UpdatePlatform, string>,
  formats: { nsis: 'NSIS 安装程序', deb: 'deb 软件包', appimage: 'AppImage' } satisfies Record<UpdateFormat, string>,
  rollout: {
    title: '更新进度',
    caption: '各平台最新版本与报告该平台的设备对比（共 {count} 台在用设备）',
    target: '平台',
    latest: '最新版本',
    current: '已是最新',
    older: '旧版本',
    newer: '比最新更新',
    unknown: '版本未知',
    notReported: '未报告平台的在用设备（尚未向县服务器检查过更新，如旧版程序或网页模式）：',
    note: '每台在用（未停用）设备只计入它检查更新时报告的平台和架构那一行；报告的平台尚无安装包的设备不在表中。版本取自设备最近一次同步。',
  },
  releases: {
    title: '已发布的安装包',
    caption: '已发布 {count} 个文件（新版本在前）',
    version: '版本',
    target: '平台',
    format: '格式',
    fileName: '文件名',
    size: '大小',
    sha256: 'SHA-256',
    minVersion: '最低起始版本',
    anyVersion: '不限',
    publishedAt: '发布时间',
  },
};
